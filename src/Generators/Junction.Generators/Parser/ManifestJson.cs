using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Junction.Generators.Parser;

/// <summary>What a <see cref="JsonNode"/> holds. Only what junction.contracts.json needs: no fractions or exponents.</summary>
internal enum JsonKind
{
    Object,
    Array,
    String,
    Integer,
    Boolean,
    Null,
}

/// <summary>One JSON value with the line and column (1-based) where it starts, so schema errors can point at it.</summary>
internal sealed class JsonNode
{
    public JsonNode(JsonKind kind, int line, int column)
    {
        Kind = kind;
        Line = line;
        Column = column;
    }

    public JsonKind Kind { get; }

    public int Line { get; }

    public int Column { get; }

    public string String { get; set; } = "";

    public long Integer { get; set; }

    public bool Boolean { get; set; }

    /// <summary>Object members in file order (names are unique: the reader rejects duplicates).</summary>
    public List<JsonProperty> Properties { get; } = new();

    public List<JsonNode> Items { get; } = new();

    public ManifestFormatException Error(string reason) => new(reason, Line, Column);
}

/// <summary>One member of a JSON object and where its name starts.</summary>
internal sealed class JsonProperty
{
    public JsonProperty(string name, JsonNode value, int line, int column)
    {
        Name = name;
        Value = value;
        Line = line;
        Column = column;
    }

    public string Name { get; }

    public JsonNode Value { get; }

    public int Line { get; }

    public int Column { get; }
}

/// <summary>junction.contracts.json does not parse, or does not have the manifest's shape.</summary>
internal sealed class ManifestFormatException : Exception
{
    public ManifestFormatException(string reason, int line, int column)
        : base(reason + " at line " + line.ToString(CultureInfo.InvariantCulture) + ", column " + column.ToString(CultureInfo.InvariantCulture))
    {
        Reason = reason;
        Line = line;
        Column = column;
    }

    public string Reason { get; }

    public int Line { get; }

    public int Column { get; }
}

/// <summary>
/// A small, strict JSON reader and the string quoting the manifest writer uses. It lives here rather than in
/// System.Text.Json because the generator and the analyzer load into the compiler, which does not ship it on every
/// host (netstandard2.0). Strict on purpose: no comments, no trailing commas, no duplicate names, integers only, so a
/// hand edit that a machine would read differently is reported instead of guessed at.
/// </summary>
internal static class ManifestJson
{
    private const int MaxDepth = 64;

    public static JsonNode Parse(string text) => new Reader(text).ReadDocument();

    /// <summary>A JSON string literal for <paramref name="value"/>.</summary>
    public static string Quote(string value)
    {
        var builder = new StringBuilder(value.Length + 2);
        builder.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                default:
                    if (c < 0x20)
                    {
                        builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        return builder.Append('"').ToString();
    }

    private sealed class Reader
    {
        private readonly string _text;
        private int _position;
        private int _countedTo;
        private int _line = 1;
        private int _lineStart;

        public Reader(string text)
        {
            _text = text;

            // A byte order mark that survived decoding is not content.
            _position = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
        }

        public JsonNode ReadDocument()
        {
            SkipWhitespace();
            if (_position >= _text.Length)
            {
                throw Fail("the file is empty");
            }

            var root = ReadValue(0);
            SkipWhitespace();
            if (_position < _text.Length)
            {
                throw Fail("unexpected " + Describe(_text[_position]) + " after the end of the document");
            }

            return root;
        }

        private JsonNode ReadValue(int depth)
        {
            if (depth > MaxDepth)
            {
                throw Fail("values are nested more than " + MaxDepth.ToString(CultureInfo.InvariantCulture) + " deep");
            }

            if (_position >= _text.Length)
            {
                throw Fail("unexpected end of file, expected a value");
            }

            var c = _text[_position];
            switch (c)
            {
                case '{': return ReadObject(depth);
                case '[': return ReadArray(depth);
                case '"':
                {
                    var node = NewNode(JsonKind.String);
                    node.String = ReadString();
                    return node;
                }

                case 't': return ReadLiteral("true", JsonKind.Boolean, true);
                case 'f': return ReadLiteral("false", JsonKind.Boolean, false);
                case 'n': return ReadLiteral("null", JsonKind.Null, false);
                default:
                    if (c == '-' || (c >= '0' && c <= '9'))
                    {
                        return ReadInteger();
                    }

                    throw Fail("unexpected " + Describe(c) + ", expected a value");
            }
        }

        private JsonNode ReadObject(int depth)
        {
            var node = NewNode(JsonKind.Object);
            _position++;
            SkipWhitespace();
            if (Peek() == '}')
            {
                _position++;
                return node;
            }

            var names = new HashSet<string>(StringComparer.Ordinal);
            while (true)
            {
                SkipWhitespace();
                if (Peek() != '"')
                {
                    throw Fail(_position >= _text.Length ? "unexpected end of file, expected a property name" : "expected a property name in double quotes, found " + Describe(_text[_position]));
                }

                var (line, column) = LineAndColumn(_position);
                var name = ReadString();
                if (!names.Add(name))
                {
                    throw new ManifestFormatException("duplicate property \"" + name + "\"", line, column);
                }

                SkipWhitespace();
                Expect(':', "expected ':' after the property name");
                SkipWhitespace();
                node.Properties.Add(new JsonProperty(name, ReadValue(depth + 1), line, column));
                SkipWhitespace();
                var next = Peek();
                _position++;
                if (next == '}')
                {
                    return node;
                }

                if (next != ',')
                {
                    _position--;
                    throw Fail(_position >= _text.Length ? "unexpected end of file, expected ',' or '}'" : "expected ',' or '}' after a property value");
                }
            }
        }

        private JsonNode ReadArray(int depth)
        {
            var node = NewNode(JsonKind.Array);
            _position++;
            SkipWhitespace();
            if (Peek() == ']')
            {
                _position++;
                return node;
            }

            while (true)
            {
                SkipWhitespace();
                if (Peek() == ']')
                {
                    throw Fail("expected a value after ',' (trailing commas are not allowed)");
                }

                node.Items.Add(ReadValue(depth + 1));
                SkipWhitespace();
                var next = Peek();
                _position++;
                if (next == ']')
                {
                    return node;
                }

                if (next != ',')
                {
                    _position--;
                    throw Fail(_position >= _text.Length ? "unexpected end of file, expected ',' or ']'" : "expected ',' or ']' after an array item");
                }
            }
        }

        private string ReadString()
        {
            var start = _position;
            _position++;
            var builder = new StringBuilder();
            while (true)
            {
                if (_position >= _text.Length)
                {
                    _position = start;
                    throw Fail("unterminated string");
                }

                var c = _text[_position];
                if (c == '"')
                {
                    _position++;
                    return builder.ToString();
                }

                if (c < 0x20)
                {
                    throw Fail("control character in a string; write it as an escape such as \\n");
                }

                if (c != '\\')
                {
                    builder.Append(c);
                    _position++;
                    continue;
                }

                if (_position + 1 >= _text.Length)
                {
                    _position = start;
                    throw Fail("unterminated string");
                }

                var escape = _text[_position + 1];
                switch (escape)
                {
                    case '"': builder.Append('"'); break;
                    case '\\': builder.Append('\\'); break;
                    case '/': builder.Append('/'); break;
                    case 'b': builder.Append('\b'); break;
                    case 'f': builder.Append('\f'); break;
                    case 'n': builder.Append('\n'); break;
                    case 'r': builder.Append('\r'); break;
                    case 't': builder.Append('\t'); break;
                    case 'u':
                        if (_position + 6 > _text.Length
                            || !int.TryParse(_text.Substring(_position + 2, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
                        {
                            throw Fail("\\u must be followed by four hexadecimal digits");
                        }

                        builder.Append((char)code);
                        _position += 4;
                        break;
                    default:
                        throw Fail("unknown escape \\" + escape.ToString());
                }

                _position += 2;
            }
        }

        private JsonNode ReadInteger()
        {
            var node = NewNode(JsonKind.Integer);
            var start = _position;
            if (_text[_position] == '-')
            {
                _position++;
            }

            var digitsStart = _position;
            while (_position < _text.Length && _text[_position] >= '0' && _text[_position] <= '9')
            {
                _position++;
            }

            if (_position == digitsStart)
            {
                throw Fail("expected a digit after '-'");
            }

            if (_text[digitsStart] == '0' && _position - digitsStart > 1)
            {
                _position = digitsStart;
                throw Fail("numbers cannot have leading zeros");
            }

            if (_position < _text.Length && (_text[_position] == '.' || _text[_position] == 'e' || _text[_position] == 'E'))
            {
                throw Fail("only whole numbers are allowed");
            }

            if (!long.TryParse(_text.Substring(start, _position - start), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
            {
                _position = start;
                throw Fail("number out of range");
            }

            node.Integer = value;
            return node;
        }

        private JsonNode ReadLiteral(string literal, JsonKind kind, bool value)
        {
            if (string.CompareOrdinal(_text, _position, literal, 0, literal.Length) != 0)
            {
                throw Fail("unexpected " + Describe(_text[_position]) + ", expected a value");
            }

            var node = NewNode(kind);
            node.Boolean = value;
            _position += literal.Length;
            return node;
        }

        private void Expect(char c, string reason)
        {
            if (Peek() != c)
            {
                throw Fail(reason);
            }

            _position++;
        }

        private char Peek() => _position < _text.Length ? _text[_position] : '\0';

        private void SkipWhitespace()
        {
            while (_position < _text.Length && _text[_position] is ' ' or '\t' or '\n' or '\r')
            {
                _position++;
            }
        }

        private JsonNode NewNode(JsonKind kind)
        {
            var (line, column) = LineAndColumn(_position);
            return new JsonNode(kind, line, column);
        }

        private ManifestFormatException Fail(string reason)
        {
            var (line, column) = LineAndColumn(_position);
            return new ManifestFormatException(reason, line, column);
        }

        // Positions are asked for in increasing order, so the line count advances from the last answer.
        private (int Line, int Column) LineAndColumn(int position)
        {
            if (position < _countedTo)
            {
                _countedTo = 0;
                _line = 1;
                _lineStart = 0;
            }

            for (; _countedTo < position && _countedTo < _text.Length; _countedTo++)
            {
                if (_text[_countedTo] == '\n')
                {
                    _line++;
                    _lineStart = _countedTo + 1;
                }
            }

            return (_line, position - _lineStart + 1);
        }

        private static string Describe(char c) => c < 0x20 ? "character U+" + ((int)c).ToString("X4", CultureInfo.InvariantCulture) : "'" + c.ToString() + "'";
    }
}
