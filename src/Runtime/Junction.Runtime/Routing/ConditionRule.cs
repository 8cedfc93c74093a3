using System.Collections.ObjectModel;
using System.Diagnostics.CodeAnalysis;
using Junction.Routing.Syntax;

namespace Junction.Routing;

/// <summary>
/// One condition rule in Dubbo's grammar, <c>when =&gt; then</c>: calls that match the when condition may only go to
/// providers that match the then condition. For example <c>method=find* =&gt; host=10.0.0.*</c>,
/// <c>application=web &amp; arguments[0]=1~100 =&gt; region=$region</c>, or <c>host=10.0.0.9 =&gt; false</c> (a blacklist).
/// </summary>
/// <remarks>
/// Parsing follows Dubbo's tokeniser exactly; text Dubbo would accept but could never match with (a key without a value,
/// an empty range, <c>arguments[x]</c>, <c>attachments[]</c>, a dangling separator) is rejected with the column of the
/// mistake. Rule literals in code are checked at compile time by diagnostic JRPC0017.
/// </remarks>
public sealed class ConditionRule
{
    private static readonly IReadOnlyDictionary<string, ConditionValues> NoKeys = new ReadOnlyDictionary<string, ConditionValues>(new Dictionary<string, ConditionValues>());

    private ConditionRule(ConditionRuleSyntax syntax, bool force)
    {
        Syntax = syntax;
        Force = force;
        When = View(syntax.When);
        Then = syntax.Then is null ? NoKeys : View(syntax.Then);
    }

    /// <summary>The rule text as given.</summary>
    public string Text => Syntax.Text;

    /// <summary>
    /// When the then condition matches no provider: true leaves the call with no provider, false (Dubbo's default)
    /// ignores the rule for that call.
    /// </summary>
    public bool Force { get; }

    /// <summary>
    /// The consumer-side condition: every key must match (AND); a key matches when its value matches one of
    /// <see cref="ConditionValues.Matches"/> and none of <see cref="ConditionValues.Mismatches"/>. Empty when the rule
    /// applies to every call. Keys appear without a <c>consumer.</c>/<c>provider.</c> prefix, in the order written.
    /// </summary>
    public IReadOnlyDictionary<string, ConditionValues> When { get; }

    /// <summary>The provider-side condition, in the same form as <see cref="When"/>; empty for a blacklist.</summary>
    public IReadOnlyDictionary<string, ConditionValues> Then { get; }

    /// <summary>True when the then condition is blank or <c>false</c>: matching calls get no provider, forced or not.</summary>
    public bool IsBlacklist => Syntax.IsBlacklist;

    /// <summary>True when the when condition is blank, <c>true</c>, or missing (no <c>=&gt;</c>): the rule applies to every call.</summary>
    public bool MatchesAll => Syntax.MatchesAll;

    /// <summary>The parsed rule, for the matcher.</summary>
    internal ConditionRuleSyntax Syntax { get; }

    /// <summary>Parses a condition rule.</summary>
    /// <param name="rule">The rule text, e.g. <c>method=find* =&gt; host=10.0.0.*</c>.</param>
    /// <param name="force">See <see cref="Force"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="rule"/> is null.</exception>
    /// <exception cref="ConditionRuleException">The rule does not parse; the exception names the column and what was expected.</exception>
    public static ConditionRule Parse(string rule, bool force = false)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var result = ConditionRuleParser.Parse(rule);
        if (result.Error is { } error)
        {
            throw new ConditionRuleException(rule, error.Column, error.Message);
        }

        return new ConditionRule(result.Rule!, force);
    }

    /// <summary>Parses a condition rule that is not forced; returns false when it is null or does not parse.</summary>
    /// <param name="rule">The rule text.</param>
    /// <param name="result">The rule, when it parses.</param>
    public static bool TryParse([NotNullWhen(true)] string? rule, [NotNullWhen(true)] out ConditionRule? result)
        => TryParse(rule, force: false, out result);

    /// <summary>Parses a condition rule; returns false when it is null or does not parse.</summary>
    /// <param name="rule">The rule text.</param>
    /// <param name="force">See <see cref="Force"/>.</param>
    /// <param name="result">The rule, when it parses.</param>
    public static bool TryParse([NotNullWhen(true)] string? rule, bool force, [NotNullWhen(true)] out ConditionRule? result)
    {
        result = null;
        if (rule is null)
        {
            return false;
        }

        var parsed = ConditionRuleParser.Parse(rule);
        if (parsed.Rule is null)
        {
            return false;
        }

        result = new ConditionRule(parsed.Rule, force);
        return true;
    }

    /// <summary>Returns the rule text.</summary>
    public override string ToString() => Text;

    private static ReadOnlyDictionary<string, ConditionValues> View(ConditionSyntax condition)
    {
        var keys = new Dictionary<string, ConditionValues>(condition.Keys.Count, StringComparer.Ordinal);
        foreach (var key in condition.Keys)
        {
            keys.Add(key.Name, new ConditionValues(Texts(key.Matches), Texts(key.Mismatches)));
        }

        return new ReadOnlyDictionary<string, ConditionValues>(keys);
    }

    private static ReadOnlyCollection<string> Texts(IReadOnlyList<ConditionValueSyntax> values)
    {
        var texts = new string[values.Count];
        for (var i = 0; i < texts.Length; i++)
        {
            texts[i] = values[i].Text;
        }

        return Array.AsReadOnly(texts);
    }
}
