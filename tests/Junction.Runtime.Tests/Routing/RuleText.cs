using Junction.Routing;

namespace Junction.Runtime.Tests.Routing;

/// <summary>Renders a parsed rule canonically, so a test can state the whole parse in one line.</summary>
internal static class RuleText
{
    /// <summary><c>key=m1,m2!=x1 &amp; key2=… =&gt; …</c>; <c>*</c> for a when that matches all, <c>false</c> for a blacklist.</summary>
    public static string Describe(ConditionRule rule)
        => (rule.MatchesAll ? "*" : Describe(rule.When)) + " => " + (rule.IsBlacklist ? "false" : Describe(rule.Then));

    private static string Describe(IReadOnlyDictionary<string, ConditionValues> condition)
        => string.Join(" & ", condition.Select(k =>
            k.Key
            + (k.Value.Matches.Count > 0 ? "=" + string.Join(",", k.Value.Matches) : "")
            + (k.Value.Mismatches.Count > 0 ? "!=" + string.Join(",", k.Value.Mismatches) : "")));
}
