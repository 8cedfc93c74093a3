#nullable enable
using System;
using System.Collections.Generic;

namespace Junction.Routing.Syntax;

/// <summary>
/// Parses one condition rule, <c>when =&gt; then</c>, in Dubbo's grammar (<c>ConditionStateRouter#init</c> and
/// <c>#parseRule</c>) into a <see cref="ConditionRuleSyntax"/>, or reports the first error with its column. Never throws.
/// </summary>
/// <remarks>
/// Where Dubbo accepts a rule but can never match with it, or silently reads it as something other than what is written,
/// this parser reports an error instead; every such case is named next to the code that decides it. A rule that parses here
/// parses in Dubbo and means the same thing there (the fuzz tests check this against a transcription of Dubbo's parser),
/// except for three deliberate differences: <c>consumer.</c>/<c>provider.</c> are removed from keys only, a key repeated
/// after plain whitespace merges instead of replacing, and attachment names keep their dots. Each decision about a Dubbo
/// quirk, kept or not, is marked "Quirk" next to its code.
/// </remarks>
internal static class ConditionRuleParser
{
    private const string Arrow = "=>";
    private const string ArgumentsKey = "arguments";
    private const string AttachmentsKey = "attachments";
    private const string KeyExample = "e.g. host=10.0.0.1";

    private static readonly string[] LegacyPrefixes = ["consumer.", "provider."];

    public static ConditionParseResult Parse(string? rule)
    {
        var text = rule ?? "";
        TrimJava(text, 0, text.Length, out var ruleStart, out var ruleEnd);
        if (ruleStart == ruleEnd)
        {
            // Dubbo: IllegalArgumentException("Illegal route rule!"). An empty rule is not the same as "=>", which blocks every call.
            return ConditionParseResult.Failure(new ConditionSyntaxError(1, "the rule is empty; write \"when => then\", e.g. \"method=find* => host=10.0.0.*\", or \"=> false\" to block every call", wholeRule: true));
        }

        // Quirk (consumer./provider.): Dubbo first runs rule.replace("consumer.", "").replace("provider.", "") over the
        // whole text, which also rewrites values (application=consumer.web becomes application=web, a host
        // provider.example.com becomes example.com) and shifts every position it reports. Only keys are meant: the prefixes
        // are the legacy spelling of consumer-side and provider-side keys. So they are removed from keys and from the key
        // names of $references (StripLegacyPrefixes) and nowhere else, and columns stay true to the text as given.
        var arrow = text.IndexOf(Arrow, StringComparison.Ordinal);
        ConditionSyntax when;
        int thenStart;
        if (arrow < 0)
        {
            // No "=>": the whole rule is the then condition and it applies to every call.
            when = new ConditionSyntax(ConditionPart.When, []);
            thenStart = 0;
        }
        else
        {
            TrimJava(text, 0, arrow, out var whenStart, out var whenEnd);
            if (whenStart == whenEnd || IsWord(text, whenStart, whenEnd, "true"))
            {
                when = new ConditionSyntax(ConditionPart.When, []);
            }
            else
            {
                var error = ParseCondition(text, whenStart, whenEnd, ConditionPart.When, out when);
                if (error is not null)
                {
                    return ConditionParseResult.Failure(error);
                }
            }

            // Dubbo splits at the first "=>" only; a second one is read as "=" followed by a value starting with ">".
            var second = text.IndexOf(Arrow, arrow + Arrow.Length, StringComparison.Ordinal);
            if (second >= 0)
            {
                return ConditionParseResult.Failure(second + 1, "unexpected second \"=>\"; a rule has one \"=>\" between its when and its then condition");
            }

            thenStart = arrow + Arrow.Length;
        }

        TrimJava(text, thenStart, text.Length, out var start, out var end);
        ConditionSyntax? then = null;
        if (start != end && !IsWord(text, start, end, "false"))
        {
            var error = ParseCondition(text, start, end, ConditionPart.Then, out var parsed);
            if (error is not null)
            {
                return ConditionParseResult.Failure(error);
            }

            then = parsed;
        }

        return ConditionParseResult.Success(new ConditionRuleSyntax(text, when, then));
    }

    private static ConditionSyntaxError? ParseCondition(string text, int start, int end, ConditionPart part, out ConditionSyntax condition)
    {
        condition = new ConditionSyntax(part, []);
        var keys = new List<KeyBuilder>();
        KeyBuilder? current = null;
        ValueSet? values = null;
        string? previous = null;
        var tokenizer = new ConditionTokenizer(text, start, end);
        while (tokenizer.Next(out var token))
        {
            var separator = token.Separator;
            var column = token.SeparatorStart + 1;
            var known = separator.Length == 0 || separator == "&" || separator == "=" || separator == "!=" || separator == ",";
            if (!known)
            {
                // Dubbo: ParseException "The error char '…' at index …" for any other run, e.g. "!", "==", "=,", "&=".
                return new ConditionSyntaxError(column, Unexpected(separator, previous, afterValue: values is not null, part));
            }

            if ((separator == "=" || separator == "!=") && current is null)
            {
                return new ConditionSyntaxError(column, Unexpected(separator, previous, afterValue: false, part));
            }

            if (separator == "," && values is null)
            {
                // Quirk: Dubbo keeps "the set last used" across keys, so "a=1 & b ,2" adds 2 to a and leaves b without
                // a value. Here a new key starts without a set, so the "," right after "b" is the error.
                return new ConditionSyntaxError(column, Unexpected(separator, previous, afterValue: false, part));
            }

            if (token.IsDangling)
            {
                var expected = separator == "&" ? "a key" : "a value";
                var found = token.Following ?? (part == ConditionPart.When ? Arrow : null);
                return new ConditionSyntaxError(
                    column,
                    found is null
                        ? $"expected {expected} after \"{separator}\", found the end of the rule"
                        : $"expected {expected} after \"{separator}\", found \"{found}\"");
            }

            if (separator.Length == 0 || separator == "&")
            {
                var error = ParseKey(token.Content, token.ContentStart, out var key);
                if (error is not null)
                {
                    return error;
                }

                // Repeated keys merge. Quirk: Dubbo merges only after "&"; a key that starts after plain whitespace
                // ("a=1 a=2") replaces the earlier one and drops its values. Both spellings merge here.
                current = null;
                foreach (var existing in keys)
                {
                    if (string.Equals(existing.Name, key.Name, StringComparison.Ordinal))
                    {
                        current = existing;
                        break;
                    }
                }

                if (current is null)
                {
                    current = key;
                    keys.Add(key);
                }

                values = null;
            }
            else
            {
                var error = ParseValue(token.Content, token.ContentStart, part, out var value);
                if (error is not null)
                {
                    return error;
                }

                values = separator == "=" ? current!.Matches : separator == "!=" ? current!.Mismatches : values;
                values!.Add(value);
            }

            previous = token.Content;
        }

        var built = new ConditionKeySyntax[keys.Count];
        for (var i = 0; i < keys.Count; i++)
        {
            var key = keys[i];
            if (key.Matches.Count == 0 && key.Mismatches.Count == 0)
            {
                // Dubbo accepts a key without values, and it never matches (AbstractConditionMatcher#isMatch ends in false).
                return new ConditionSyntaxError(key.Column, NoValue(key.Name, part));
            }

            built[i] = key.Build();
        }

        condition = new ConditionSyntax(part, built);
        return null;
    }

    private static ConditionSyntaxError? ParseKey(string content, int offset, out KeyBuilder key)
    {
        var name = StripLegacyPrefixes(content, out var stripped);
        var column = offset + 1;
        key = new KeyBuilder(name, column, ConditionKeyKind.Parameter, -1, null);
        if (name.Length == 0)
        {
            return new ConditionSyntaxError(column, $"\"{content}\" is only a prefix; write a key after it, e.g. {content}host");
        }

        // Dubbo picks the matcher by key.startsWith("arguments") / ("attachments"), so "argumentsX" is an argument key
        // that can never match; such keys must have the bracket form.
        if (name.StartsWith(ArgumentsKey, StringComparison.Ordinal))
        {
            return ParseArgumentKey(name, offset + stripped, ref key);
        }

        if (name.StartsWith(AttachmentsKey, StringComparison.Ordinal))
        {
            return ParseAttachmentKey(name, offset + stripped, ref key);
        }

        if (name == "method" || name == "methods")
        {
            key = new KeyBuilder(name, column, ConditionKeyKind.Method, -1, null);
        }

        return null;
    }

    /// <summary>
    /// <c>arguments[N]</c>, N a non-negative int. Dubbo reads N with <c>find("arguments\[([0-9]+)\]")</c> on the text
    /// before the first <c>.</c> and ignores the rest (<c>arguments[0].inner</c> is argument 0); without a match, or with
    /// an N that overflows, the key never matches, so those are errors here.
    /// </summary>
    private static ConditionSyntaxError? ParseArgumentKey(string name, int offset, ref KeyBuilder key)
    {
        var open = ArgumentsKey.Length;
        if (name.Length == open || name[open] != '[')
        {
            return new ConditionSyntaxError(offset + 1, $"\"{name}\" needs an argument index; write arguments[N] with N counted from 0, e.g. arguments[0]");
        }

        var close = name.IndexOf(']', open + 1);
        if (close < 0)
        {
            return new ConditionSyntaxError(offset + 1, $"\"{name}\" has no \"]\" after the argument index; write arguments[N] with N counted from 0, e.g. arguments[0]");
        }

        if (close == open + 1)
        {
            return new ConditionSyntaxError(offset + close + 1, $"\"{name}\" has no argument index between \"[\" and \"]\"; write arguments[N] with N counted from 0, e.g. arguments[0]");
        }

        var index = name.Substring(open + 1, close - open - 1);
        if (!TryParseWholeNumber(index, out var value))
        {
            return new ConditionSyntaxError(offset + open + 2, $"argument index \"{index}\" is not a whole number from 0 to 2147483647; write arguments[N] with N counted from 0, e.g. arguments[0]");
        }

        key = new KeyBuilder(name, key.Column, ConditionKeyKind.Argument, value, null);
        return null;
    }

    /// <summary>
    /// <c>attachments[name]</c>: the name runs to the last <c>]</c>; text after it is ignored, as in Dubbo
    /// (<c>attachments[k].x</c> is attachment <c>k</c>).
    /// </summary>
    /// <remarks>
    /// Quirk: Dubbo cuts the key at its first <c>.</c> before looking for the brackets, so an attachment whose name contains
    /// a dot (<c>attachments[dubbo.tag]</c>) never matches there. That can only be an accident, and dotted attachment names
    /// are common, so here the name keeps its dots.
    /// </remarks>
    private static ConditionSyntaxError? ParseAttachmentKey(string name, int offset, ref KeyBuilder key)
    {
        var open = AttachmentsKey.Length;
        if (name.Length == open || name[open] != '[')
        {
            return new ConditionSyntaxError(offset + 1, $"\"{name}\" needs an attachment name; write attachments[name], e.g. attachments[dubbo.tag]");
        }

        var close = name.LastIndexOf(']');
        if (close < open)
        {
            return new ConditionSyntaxError(offset + 1, $"\"{name}\" has no \"]\" after the attachment name; write attachments[name], e.g. attachments[dubbo.tag]");
        }

        if (close == open + 1)
        {
            return new ConditionSyntaxError(offset + close + 1, $"\"{name}\" has no attachment name between \"[\" and \"]\"; write attachments[name], e.g. attachments[dubbo.tag]");
        }

        key = new KeyBuilder(name, key.Column, ConditionKeyKind.Attachment, -1, name.Substring(open + 1, close - open - 1));
        return null;
    }

    private static ConditionSyntaxError? ParseValue(string content, int offset, ConditionPart part, out ConditionValueSyntax value)
    {
        var column = offset + 1;
        value = ConditionValueSyntax.Exact(content, column);

        // Dubbo's RangeValuePattern comes first and takes every value containing "~", so "~" is never literal text.
        var tilde = content.IndexOf('~');
        if (tilde >= 0)
        {
            return ParseRange(content, offset, tilde, out value);
        }

        // "$key" refers to the consumer only in a then condition; in a when condition Dubbo compares it as text.
        if (part == ConditionPart.Then && content[0] == '$')
        {
            var name = StripLegacyPrefixes(content.Substring(1), out _);
            value = ConditionValueSyntax.Reference("$" + name, column, name);
            return null;
        }

        if (content == "*")
        {
            value = ConditionValueSyntax.Any(column);
            return null;
        }

        var star = content.LastIndexOf('*');
        if (star >= 0)
        {
            value = ConditionValueSyntax.Glob(content, column, content.Substring(0, star), content.Substring(star + 1));
        }

        return null;
    }

    /// <summary>
    /// <c>from~to</c> or <c>~to</c>, inclusive, bounds as Dubbo reads them (<c>StringUtils.parseInteger</c>: ASCII digits
    /// only, anything else is 0, an int overflow disables the value).
    /// </summary>
    /// <remarks>
    /// Dubbo accepts several ranges that cannot mean what they say, and this parser rejects them: a bound that is not a
    /// whole number (read as 0, so <c>a~b</c> matches every value that is not a number), a range whose lower bound is
    /// above its upper one (never matches), and the open-ended <c>from~</c>. Quirk: Dubbo documents <c>from~</c>, but
    /// <c>"1~".split("~")</c> has one element, so Dubbo logs it as invalid and treats it as "no match" in a when condition
    /// and "match" in a then condition; rather than pick either meaning, it is an error that names the portable spelling.
    /// More than one <c>~</c> (Dubbo uses the first two parts and drops the rest) is an error too.
    /// </remarks>
    private static ConditionSyntaxError? ParseRange(string content, int offset, int tilde, out ConditionValueSyntax value)
    {
        var column = offset + 1;
        value = ConditionValueSyntax.Exact(content, column);
        var second = content.IndexOf('~', tilde + 1);
        if (second >= 0)
        {
            return new ConditionSyntaxError(offset + second + 1, $"\"{content}\" has more than one \"~\"; a range is from~to, e.g. 1~100");
        }

        var fromText = content.Substring(0, tilde);
        var toText = content.Substring(tilde + 1);
        if (toText.Length == 0)
        {
            return fromText.Length == 0
                ? new ConditionSyntaxError(column, "\"~\" is a range without bounds; write from~to, e.g. 1~100, or ~to")
                : new ConditionSyntaxError(offset + tilde + 1, $"range \"{content}\" has no upper bound, which Dubbo ignores; write {fromText}~2147483647");
        }

        int? from = null;
        if (fromText.Length > 0)
        {
            if (!TryParseWholeNumber(fromText, out var parsed))
            {
                return new ConditionSyntaxError(column, NotABound(content, fromText));
            }

            from = parsed;
        }

        if (!TryParseWholeNumber(toText, out var to))
        {
            return new ConditionSyntaxError(offset + tilde + 2, NotABound(content, toText));
        }

        if (from > to)
        {
            return new ConditionSyntaxError(column, $"range \"{content}\" is empty because {fromText} is greater than {toText}; write the smaller bound first, {toText}~{fromText}");
        }

        value = ConditionValueSyntax.Range(content, column, from, to);
        return null;
    }

    private static string NotABound(string content, string bound)
        => $"\"{content}\" is read as a range because it contains \"~\", but \"{bound}\" is not a whole number from 0 to 2147483647; write a range as from~to, e.g. 1~100";

    private static string Unexpected(string separator, string? previous, bool afterValue, ConditionPart part)
    {
        if (previous is null)
        {
            return $"unexpected \"{separator}\" at the start of the {PartName(part)} condition; a condition starts with a key, {KeyExample}";
        }

        return afterValue
            ? $"unexpected \"{separator}\" after \"{previous}\"; use , between values of a key, or & before the next key"
            : $"unexpected \"{separator}\" after \"{previous}\"; use = or != between a key and its values";
    }

    private static string NoValue(string key, ConditionPart part)
    {
        if (part == ConditionPart.When && key == "false")
        {
            return "\"false\" before \"=>\" is read as a key without a value, so the rule would never apply; leave the when condition empty (or \"true\") to match every call, or remove the rule";
        }

        if (part == ConditionPart.Then && key == "true")
        {
            return "\"true\" after \"=>\" is read as a key without a value, so no provider would match; write a condition such as host=*, or leave it empty (or \"false\") to block the calls";
        }

        return $"key \"{key}\" has no value, so it can never match; use = or != between a key and its values, e.g. {key}=value";
    }

    private static string PartName(ConditionPart part) => part == ConditionPart.When ? "when" : "then";

    private static string StripLegacyPrefixes(string key, out int stripped)
    {
        stripped = 0;
        var again = true;
        while (again)
        {
            again = false;
            foreach (var prefix in LegacyPrefixes)
            {
                if (string.CompareOrdinal(key, stripped, prefix, 0, prefix.Length) == 0)
                {
                    stripped += prefix.Length;
                    again = true;
                }
            }
        }

        return stripped == 0 ? key : key.Substring(stripped);
    }

    /// <summary>Dubbo's <c>^\d+$</c> then <c>Integer.parseInt</c>: ASCII digits, at most 2147483647.</summary>
    private static bool TryParseWholeNumber(string text, out int value)
    {
        value = 0;
        if (text.Length == 0)
        {
            return false;
        }

        long result = 0;
        foreach (var c in text)
        {
            if (c < '0' || c > '9')
            {
                return false;
            }

            result = (result * 10) + (c - '0');
            if (result > int.MaxValue)
            {
                return false;
            }
        }

        value = (int)result;
        return true;
    }

    /// <summary>Java's <c>String.trim()</c>: removes characters up to U+0020 from both ends.</summary>
    private static void TrimJava(string text, int start, int end, out int trimmedStart, out int trimmedEnd)
    {
        while (start < end && text[start] <= ' ')
        {
            start++;
        }

        while (end > start && text[end - 1] <= ' ')
        {
            end--;
        }

        trimmedStart = start;
        trimmedEnd = end;
    }

    private static bool IsWord(string text, int start, int end, string word)
        => end - start == word.Length && string.CompareOrdinal(text, start, word, 0, word.Length) == 0;

    /// <summary>The values of one key while it is being read; duplicates collapse, as in Dubbo's HashSet.</summary>
    private sealed class ValueSet
    {
        private readonly List<ConditionValueSyntax> _values = [];
        private readonly HashSet<string> _texts = new(StringComparer.Ordinal);

        public int Count => _values.Count;

        public void Add(ConditionValueSyntax value)
        {
            if (_texts.Add(value.Text))
            {
                _values.Add(value);
            }
        }

        public ConditionValueSyntax[] ToArray() => _values.ToArray();
    }

    private sealed class KeyBuilder(string name, int column, ConditionKeyKind kind, int argumentIndex, string? attachmentName)
    {
        public string Name { get; } = name;

        public int Column { get; } = column;

        public ValueSet Matches { get; } = new();

        public ValueSet Mismatches { get; } = new();

        public ConditionKeySyntax Build()
            => new(Name, Column, kind, argumentIndex, attachmentName, Matches.ToArray(), Mismatches.ToArray());
    }
}
