using System.Text.RegularExpressions;

namespace Junction.Routing.Tag;

/// <summary>
/// How a <c>match</c> entry compares a provider parameter (Dubbo's <c>StringMatch</c>): <c>exact</c>, <c>prefix</c>,
/// <c>regex</c> (the whole value must match, as Java's <c>String.matches</c>), <c>wildcard</c> (only <c>*</c> is
/// special: it matches any present value; any other text must equal the value), <c>empty</c> (absent or empty) and
/// <c>noempty</c> (present and not empty). Comparisons are ordinal and case-sensitive.
/// </summary>
/// <remarks>
/// Dubbo's <c>ParamMatch</c> returns false for an absent parameter before <c>StringMatch</c> sees it, so there
/// <c>empty</c> never matches a provider that lacks the key, although <c>StringMatch</c> itself treats absent as empty.
/// We follow <c>StringMatch</c>'s intent: <c>empty</c> matches an absent key. Dubbo also takes the first kind set when a
/// value names several; we reject such a value instead.
/// </remarks>
internal sealed class TagStringMatch
{
    /// <summary>The kinds a match value may name, in Dubbo's order.</summary>
    public static readonly string[] Kinds = ["exact", "prefix", "regex", "wildcard", "empty", "noempty"];

    /// <summary>Long enough for any sensible pattern; a pathological one stops matching instead of hanging routing.</summary>
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromMilliseconds(200);

    private readonly string _kind;
    private readonly string _value;
    private readonly Regex? _regex;

    private TagStringMatch(string kind, string value, Regex? regex)
    {
        _kind = kind;
        _value = value;
        _regex = regex;
    }

    /// <summary>Builds a match of <paramref name="kind"/> (one of <see cref="Kinds"/>); false with a reason when it cannot be used.</summary>
    public static bool TryCreate(string kind, string value, out TagStringMatch match, out string error)
    {
        match = null!;
        error = "";
        Regex? regex = null;
        switch (kind)
        {
            case "exact" or "prefix" or "wildcard" or "empty" or "noempty":
                break;
            case "regex":
                try
                {
                    // Checked alone first so that an error's offset points into the pattern as written.
                    _ = new Regex(value, RegexOptions.CultureInvariant, RegexTimeout);
                    regex = new Regex("^(?:" + value + ")\\z", RegexOptions.CultureInvariant, RegexTimeout);
                }
                catch (ArgumentException e)
                {
                    error = $"regex '{value}' is not a valid regular expression: {e.Message}";
                    return false;
                }

                break;
            default:
                error = $"'{kind}' is not a kind of match; use one of {string.Join(", ", Kinds)}";
                return false;
        }

        match = new TagStringMatch(kind, value, regex);
        return true;
    }

    /// <summary>Whether a provider parameter matches; <paramref name="input"/> is null when the provider lacks it.</summary>
    public bool IsMatch(string? input)
    {
        switch (_kind)
        {
            case "exact":
                return input is not null && string.Equals(input, _value, StringComparison.Ordinal);
            case "prefix":
                return input is not null && input.StartsWith(_value, StringComparison.Ordinal);
            case "regex":
                return input is not null && RegexMatches(input);
            case "wildcard":
                return input is not null && (_value == "*" || string.Equals(input, _value, StringComparison.Ordinal));
            case "empty":
                return string.IsNullOrEmpty(input);
            default:
                return !string.IsNullOrEmpty(input);
        }
    }

    /// <inheritdoc />
    public override string ToString() => _kind + ": " + _value;

    private bool RegexMatches(string input)
    {
        try
        {
            return _regex!.IsMatch(input);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }
}
