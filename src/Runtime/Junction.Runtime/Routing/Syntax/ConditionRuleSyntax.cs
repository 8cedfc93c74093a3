#nullable enable
namespace Junction.Routing.Syntax;

/// <summary>
/// One parsed condition rule, <c>when =&gt; then</c>: everything a matcher needs, and nothing about how to match.
/// Immutable; shared by the runtime and the analyzer so both read a rule the same way.
/// </summary>
internal sealed class ConditionRuleSyntax
{
    public ConditionRuleSyntax(string text, ConditionSyntax when, ConditionSyntax? then)
    {
        Text = text;
        When = when;
        Then = then;
    }

    /// <summary>The rule as given.</summary>
    public string Text { get; }

    /// <summary>The consumer-side condition. No keys (blank, <c>true</c>, or no <c>=&gt;</c>) matches every call.</summary>
    public ConditionSyntax When { get; }

    /// <summary>The provider-side condition, or null for a blacklist (blank or <c>false</c>): matching calls get no provider.</summary>
    public ConditionSyntax? Then { get; }

    /// <summary>The rule applies to every call.</summary>
    public bool MatchesAll => When.Keys.Count == 0;

    /// <summary>Calls the rule applies to get no provider, whether or not the rule is forced.</summary>
    public bool IsBlacklist => Then is null;

    public override string ToString() => Text;
}
