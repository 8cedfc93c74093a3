namespace Junction.Registry.Override;

/// <summary>
/// An override document (<c>….configurators</c>) that cannot be used: names the key and what is wrong, with the line
/// and column in the YAML. The directory keeps the overrides it had.
/// </summary>
internal sealed class OverrideRuleException(string ruleKey, string reason, Exception? inner = null)
    : FormatException($"Override rule '{ruleKey}' cannot be used: {reason}", inner)
{
    /// <summary>The config key the document was stored under.</summary>
    public string RuleKey { get; } = ruleKey;

    /// <summary>What is wrong, without the key.</summary>
    public string Reason { get; } = reason;
}
