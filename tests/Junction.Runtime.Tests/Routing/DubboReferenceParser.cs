using System.Text.RegularExpressions;

namespace Junction.Runtime.Tests.Routing;

/// <summary>
/// Dubbo's ConditionStateRouter#init and #parseRule transcribed line by line, with Java's regex, as an oracle for what
/// Dubbo reads from a rule. Throws <see cref="FormatException"/> where Dubbo throws ParseException/IllegalArgumentException.
/// </summary>
internal static partial class DubboReferenceParser
{
    /// <summary>Key → (matches, mismatches); null for a blacklist. <c>ReplacedKey</c>: a key restarted after whitespace dropped earlier values.</summary>
    public sealed record Result(Dictionary<string, (HashSet<string> Matches, HashSet<string> Mismatches)> When, Dictionary<string, (HashSet<string> Matches, HashSet<string> Mismatches)>? Then, bool ReplacedKey);

    // Java's \s is [ \t\n\x0B\f\r]; .NET's \s is Unicode, so it is spelled out.
    [GeneratedRegex("([&!=,]*)[ \\t\\n\\x0B\\f\\r]*([^&!=, \\t\\n\\x0B\\f\\r]+)")]
    private static partial Regex RoutePattern();

    public static Result Parse(string rule)
    {
        if (JavaTrim(rule).Length == 0)
        {
            throw new FormatException("Illegal route rule!");
        }

        rule = rule.Replace("consumer.", "", StringComparison.Ordinal).Replace("provider.", "", StringComparison.Ordinal);
        var i = rule.IndexOf("=>", StringComparison.Ordinal);
        var whenRule = i < 0 ? null : JavaTrim(rule[..i]);
        var thenRule = i < 0 ? JavaTrim(rule) : JavaTrim(rule[(i + 2)..]);
        var replaced = false;
        var when = string.IsNullOrEmpty(whenRule) || whenRule == "true" ? [] : ParseRule(whenRule, ref replaced);
        var then = string.IsNullOrEmpty(thenRule) || thenRule == "false" ? null : ParseRule(thenRule, ref replaced);
        return new Result(when, then, replaced);
    }

    private static Dictionary<string, (HashSet<string> Matches, HashSet<string> Mismatches)> ParseRule(string rule, ref bool replaced)
    {
        var condition = new Dictionary<string, (HashSet<string> Matches, HashSet<string> Mismatches)>(StringComparer.Ordinal);
        (HashSet<string> Matches, HashSet<string> Mismatches)? pair = null;
        HashSet<string>? values = null;
        foreach (Match match in RoutePattern().Matches(rule))
        {
            var separator = match.Groups[1].Value;
            var content = match.Groups[2].Value;
            if (separator.Length == 0)
            {
                replaced |= condition.ContainsKey(content);
                pair = ([], []);
                condition[content] = pair.Value;
            }
            else if (separator == "&")
            {
                if (!condition.TryGetValue(content, out var existing))
                {
                    existing = ([], []);
                    condition[content] = existing;
                }

                pair = existing;
            }
            else if (separator == "=")
            {
                values = pair?.Matches ?? throw new FormatException("= without a key");
                values.Add(content);
            }
            else if (separator == "!=")
            {
                values = pair?.Mismatches ?? throw new FormatException("!= without a key");
                values.Add(content);
            }
            else if (separator == ",")
            {
                if (values is null || values.Count == 0)
                {
                    throw new FormatException(", without values");
                }

                values.Add(content);
            }
            else
            {
                throw new FormatException("bad separator " + separator);
            }
        }

        return condition;
    }

    private static string JavaTrim(string text)
    {
        int start = 0, end = text.Length;
        while (start < end && text[start] <= ' ')
        {
            start++;
        }

        while (end > start && text[end - 1] <= ' ')
        {
            end--;
        }

        return text[start..end];
    }
}
