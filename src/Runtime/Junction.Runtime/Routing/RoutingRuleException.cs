namespace Junction.Routing;

/// <summary>
/// A routing rule document (condition, tag or script rule) that cannot be used: names the rule key and what is wrong.
/// Routing keeps the rules it had before.
/// </summary>
public sealed class RoutingRuleException : FormatException
{
    /// <summary>Creates the exception for the rule stored under <paramref name="ruleKey"/>.</summary>
    public RoutingRuleException(string ruleKey, string reason, Exception? inner = null)
        : base($"Routing rule '{ruleKey}' cannot be used: {reason}", inner)
    {
        RuleKey = ruleKey;
        Reason = reason;
    }

    /// <summary>The key the rule was stored under, e.g. <c>com.foo.BarService:1.0:.condition-router</c>.</summary>
    public string RuleKey { get; }

    /// <summary>What is wrong, without the key.</summary>
    public string Reason { get; }
}
