#nullable enable
namespace Junction.Routing.Syntax;

/// <summary>
/// Dubbo's condition tokeniser, <c>([&amp;!=,]*)\s*([^&amp;!=,\s]+)</c> applied with <c>Matcher.find()</c>, written out by
/// hand so the runtime and the analyzer need no regex and can report exact positions.
/// </summary>
/// <remarks>
/// <para>
/// Equivalence with the regex: at a given start the match can only succeed with both <c>*</c> taken greedily (a shorter
/// separator run leaves a separator character where <c>\s*</c> and then the content would have to start), so a match is
/// "the longest separator run, then whitespace, then at least one content character". Java's <c>\s</c> is ASCII only:
/// space, tab, line feed, vertical tab, form feed and carriage return; every other character (non-breaking spaces, control
/// characters, <c>&gt;</c>, <c>~</c>, <c>*</c>, <c>$</c>, brackets) is content.
/// </para>
/// <para>
/// Where <c>find()</c> fails at a start it moves on silently, so Dubbo drops a separator run that is followed only by
/// whitespace and another run, or by the end: <c>host = &amp; x</c> reads as keys <c>host</c> and <c>x</c>,
/// <c>host ! = a</c> as <c>host=a</c>, <c>host=a,</c> as <c>host=a</c>. Here such a run comes back as a dangling token
/// and the parser reports it: a rule that parses here means what it says, and parses the same way in Dubbo.
/// </para>
/// </remarks>
internal struct ConditionTokenizer
{
    private readonly string _text;
    private readonly int _end;
    private int _position;

    /// <summary>Reads <paramref name="text"/> from <paramref name="start"/> up to <paramref name="end"/> (exclusive).</summary>
    public ConditionTokenizer(string text, int start, int end)
    {
        _text = text;
        _position = start;
        _end = end;
    }

    /// <summary>Reads the next token; false at the end of the condition.</summary>
    public bool Next(out ConditionToken token)
    {
        SkipWhitespace();
        if (_position >= _end)
        {
            token = default;
            return false;
        }

        var separatorStart = _position;
        while (_position < _end && IsSeparator(_text[_position]))
        {
            _position++;
        }

        var separator = _text.Substring(separatorStart, _position - separatorStart);
        SkipWhitespace();
        var contentStart = _position;
        while (_position < _end && IsContent(_text[_position]))
        {
            _position++;
        }

        if (_position == contentStart)
        {
            // Dangling: only a separator run (or the end) follows. Name what follows, for the message.
            var followingEnd = contentStart;
            while (followingEnd < _end && IsSeparator(_text[followingEnd]))
            {
                followingEnd++;
            }

            var following = followingEnd == contentStart ? null : _text.Substring(contentStart, followingEnd - contentStart);
            token = new ConditionToken(separatorStart, separator, contentStart, "", following);
            return true;
        }

        token = new ConditionToken(separatorStart, separator, contentStart, _text.Substring(contentStart, _position - contentStart), null);
        return true;
    }

    /// <summary>Java's <c>\s</c>: <c>[ \t\n\x0B\f\r]</c>.</summary>
    public static bool IsWhitespace(char c) => c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';

    public static bool IsSeparator(char c) => c == '&' || c == '!' || c == '=' || c == ',';

    public static bool IsContent(char c) => !IsSeparator(c) && !IsWhitespace(c);

    private void SkipWhitespace()
    {
        while (_position < _end && IsWhitespace(_text[_position]))
        {
            _position++;
        }
    }
}
