using System.Globalization;
using System.Text;
using Junction.Invocation;
using Junction.Routing.Syntax;
using Microsoft.Extensions.Logging;

namespace Junction.Routing.Condition;

/// <summary>
/// One v3.1 condition (Dubbo's <c>MultiDestConditionRouter</c>): calls from consumers that match <c>from</c> go to one of
/// the <c>to</c> destinations, picked at random by weight among those that have providers.
/// </summary>
/// <remarks>
/// <para>
/// Routing follows <c>MultiDestConditionRouter#doRoute</c>: a disabled rule or no providers ⇒ the providers as given; a
/// call <c>from</c> does not match ⇒ the providers as given; no destinations (<c>from</c> without <c>to</c>) ⇒ none, the
/// traffic is switched off; one destination with providers ⇒ its providers; several ⇒ one of them at random by weight;
/// none with providers ⇒ none when forced, else the providers as given. Exceptions ⇒ the providers as given.
/// </para>
/// <para>
/// Quirk (weighted pick): Dubbo draws <c>r</c> in [0, sum) and returns the first destination where <c>(r -= w) &lt;= 0</c>,
/// so the first destination gets <c>w + 1</c> draws out of the sum and the last <c>w - 1</c> (with weights 1 and 1 the
/// first wins every time). Here the first destination whose running total exceeds <c>r</c> wins, so each gets exactly its
/// weight's share.
/// </para>
/// <para>
/// Which providers each destination selects depends only on the providers and the consumer, so it is kept per provider
/// array, as <see cref="ConditionRouter"/> does; each call then costs the <c>from</c> match and at most one random number,
/// and the arrays handed out are the same ones every time.
/// </para>
/// </remarks>
internal sealed class MultiDestinationConditionRouter : RuleRouter
{
    private static readonly Func<int, int> SharedRandom = Random.Shared.Next;

    private readonly ConditionSyntax _from;
    private readonly ConditionDestination[] _destinations;
    private readonly RouteConsumer _consumer;
    private readonly bool _force;
    private readonly bool _enabled;
    private readonly bool? _fixedFrom;
    private readonly string _source;
    private readonly Func<int, int> _next;
    private readonly ILogger? _logger;
    private RouteMemo<Candidates>? _memo;

    /// <summary>Creates the router of one v3.1 condition.</summary>
    /// <param name="fromText">The consumer condition as written, for <see cref="Description"/>; blank for every consumer.</param>
    /// <param name="from">The parsed consumer condition (a when condition); no keys matches every call.</param>
    /// <param name="destinations">The <c>to</c> entries; none switches matching calls off.</param>
    /// <param name="force">When no destination has providers: true leaves none, false gives back the providers as given.</param>
    /// <param name="consumer">The consumer the rule routes for.</param>
    /// <param name="source">Where the rule came from, for <see cref="Description"/>.</param>
    /// <param name="enabled">False turns the condition off.</param>
    /// <param name="next">Returns a number in [0, n) for n; <see cref="Random.Shared"/> when null (tests pass a seeded one).</param>
    /// <param name="logger">Receives the exceptions that make the rule step aside for a call.</param>
    public MultiDestinationConditionRouter(
        string fromText,
        ConditionSyntax from,
        IReadOnlyList<ConditionDestination> destinations,
        bool force,
        RouteConsumer consumer,
        string source,
        bool enabled = true,
        Func<int, int>? next = null,
        ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(fromText);
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(destinations);
        ArgumentNullException.ThrowIfNull(consumer);
        ArgumentNullException.ThrowIfNull(source);
        _from = from;
        _destinations = [.. destinations];
        _consumer = consumer;
        _force = force;
        _enabled = enabled;
        _source = source;
        _next = next ?? SharedRandom;
        _logger = logger;
        Description = Describe(fromText, _destinations, source);
        var fromDependency = ConditionMatcher.DependencyOf(from);
        if (fromDependency == RouteDependency.None)
        {
            _fixedFrom = ConditionMatcher.MatchesWhen(from, consumer, invocation: null);
        }

        // A random pick differs from call to call, so several destinations can never be cached by the chain.
        Dependency = _destinations.Length > 1 ? RouteDependency.Invocation : fromDependency;
    }

    /// <summary>The destinations, in the order written.</summary>
    public IReadOnlyList<ConditionDestination> Destinations => _destinations;

    /// <inheritdoc />
    public override RouteDependency Dependency { get; }

    /// <inheritdoc />
    public override string Description { get; }

    /// <inheritdoc />
    public override IProviderInvoker[] Route(IProviderInvoker[] providers, Invocation.Invocation invocation)
    {
        if (!_enabled || providers.Length == 0)
        {
            return providers;
        }

        try
        {
            if (!(_fixedFrom ?? ConditionMatcher.MatchesWhen(_from, _consumer, invocation)))
            {
                return providers;
            }

            if (_destinations.Length == 0)
            {
                return [];
            }

            var candidates = RouteMemo<Candidates>.Find(Volatile.Read(ref _memo), providers);
            if (candidates is null)
            {
                candidates = Select(providers);
                Volatile.Write(ref _memo, new RouteMemo<Candidates>(providers, candidates));
            }

            return candidates.Pick(_next);
        }
        catch (Exception e)
        {
            _logger?.LogWarning(e, "{Router} failed for {Method}; the call keeps its {Count} provider(s)", Description, invocation.Method.Name, providers.Length);
            return providers;
        }
    }

    private Candidates Select(IProviderInvoker[] providers)
    {
        var sets = new List<IProviderInvoker[]>(_destinations.Length);
        var totals = new List<int>(_destinations.Length);
        var total = 0;
        foreach (var destination in _destinations)
        {
            var set = destination.Condition is null ? providers : ConditionMatcher.Filter(providers, destination.Condition, _consumer);
            if (set.Length > 0)
            {
                // Weights are at least 1 and the document limits them, so the sum cannot overflow in practice; check anyway.
                total = checked(total + destination.Weight);
                sets.Add(set);
                totals.Add(total);
            }
        }

        var fallback = _force ? [] : providers;
        return new Candidates([.. sets], [.. totals], fallback);
    }

    private static string Describe(string fromText, ConditionDestination[] destinations, string source)
    {
        var text = new StringBuilder("condition rule ");
        text.Append(string.IsNullOrWhiteSpace(fromText) ? "for every consumer" : "from '" + fromText + "'").Append(" to ");
        if (destinations.Length == 0)
        {
            text.Append("nothing");
        }

        for (var i = 0; i < destinations.Length; i++)
        {
            text.Append(i == 0 ? "" : ", ").Append('\'').Append(destinations[i].Match).Append("' (weight ")
                .Append(destinations[i].Weight.ToString(CultureInfo.InvariantCulture)).Append(')');
        }

        return text.Append(" of ").Append(source).ToString();
    }

    /// <summary>The destinations that have providers for one provider array, with running weight totals.</summary>
    private sealed class Candidates(IProviderInvoker[][] sets, int[] totals, IProviderInvoker[] fallback)
    {
        public IProviderInvoker[] Pick(Func<int, int> next)
        {
            switch (sets.Length)
            {
                case 0:
                    return fallback;
                case 1:
                    return sets[0];
            }

            var draw = next(totals[^1]);
            for (var i = 0; i < totals.Length - 1; i++)
            {
                if (draw < totals[i])
                {
                    return sets[i];
                }
            }

            return sets[^1];
        }
    }
}
