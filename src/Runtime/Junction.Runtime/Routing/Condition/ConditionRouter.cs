using Junction.Invocation;
using Junction.Routing.Syntax;
using Microsoft.Extensions.Logging;

namespace Junction.Routing.Condition;

/// <summary>
/// One condition rule as a router (Dubbo's <c>ConditionStateRouter</c>): calls that match the when condition may only go
/// to the providers that match the then condition.
/// </summary>
/// <remarks>
/// <para>
/// Routing follows <c>ConditionStateRouter#doRoute</c>: a disabled rule or no providers ⇒ the providers as given; a call
/// the when condition does not match ⇒ the providers as given; a blacklist (<c>=&gt;</c> or <c>=&gt; false</c>) ⇒ none,
/// forced or not; otherwise the providers that match the then condition, in their input order. When none match, a forced
/// rule leaves none and an unforced one gives back the providers as given. An exception while matching gives back the
/// providers as given (and is logged).
/// </para>
/// <para>
/// The then condition reads only the providers and the consumer, so its result is kept for the provider array it was
/// computed from (see <see cref="RouteMemo{T}"/>): as long as the same array comes in, the same result array goes out, with
/// no allocation, and a router after this one can keep its own result in turn. Nothing removed ⇒ the input array itself.
/// A when condition that reads consumer keys only is evaluated once, here.
/// </para>
/// </remarks>
internal sealed class ConditionRouter : RuleRouter
{
    private readonly ConditionRuleSyntax _syntax;
    private readonly RouteConsumer _consumer;
    private readonly bool _enabled;
    private readonly bool? _fixedWhen;
    private readonly string _source;
    private readonly ILogger? _logger;
    private RouteMemo<IProviderInvoker[]>? _memo;

    /// <summary>Creates the router of one rule.</summary>
    /// <param name="rule">The rule; its <see cref="ConditionRule.Force"/> decides what happens when no provider matches.</param>
    /// <param name="consumer">The consumer the rule routes for (fixed per reference).</param>
    /// <param name="source">Where the rule came from, for <see cref="Description"/>: a config key, or <c>code</c>.</param>
    /// <param name="enabled">False turns the rule off: every call keeps its providers.</param>
    /// <param name="logger">Receives the exceptions that make the rule step aside for a call.</param>
    public ConditionRouter(ConditionRule rule, RouteConsumer consumer, string source, bool enabled = true, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(consumer);
        ArgumentNullException.ThrowIfNull(source);
        Rule = rule;
        _syntax = rule.Syntax;
        _consumer = consumer;
        _source = source;
        _enabled = enabled;
        _logger = logger;
        Dependency = ConditionMatcher.DependencyOf(_syntax.When);
        if (Dependency == RouteDependency.None)
        {
            _fixedWhen = ConditionMatcher.MatchesWhen(_syntax.When, consumer, invocation: null);
        }
    }

    /// <summary>The rule.</summary>
    public ConditionRule Rule { get; }

    /// <summary>Whether the rule is on.</summary>
    public bool Enabled => _enabled;

    /// <inheritdoc />
    public override RouteDependency Dependency { get; }

    /// <inheritdoc />
    public override string Description => "condition rule '" + Rule.Text + "' of " + _source;

    /// <inheritdoc />
    public override IProviderInvoker[] Route(IProviderInvoker[] providers, Invocation.Invocation invocation)
    {
        if (!_enabled || providers.Length == 0)
        {
            return providers;
        }

        try
        {
            if (!(_fixedWhen ?? ConditionMatcher.MatchesWhen(_syntax.When, _consumer, invocation)))
            {
                return providers;
            }

            if (_syntax.Then is not { } then)
            {
                return [];
            }

            if (RouteMemo<IProviderInvoker[]>.Find(Volatile.Read(ref _memo), providers) is { } known)
            {
                return known;
            }

            var result = ConditionMatcher.Filter(providers, then, _consumer);
            if (result.Length == 0 && !Rule.Force)
            {
                result = providers;
            }

            Volatile.Write(ref _memo, new RouteMemo<IProviderInvoker[]>(providers, result));
            return result;
        }
        catch (Exception e)
        {
            _logger?.LogWarning(e, "{Router} failed for {Method}; the call keeps its {Count} provider(s)", Description, invocation.Method.Name, providers.Length);
            return providers;
        }
    }
}
