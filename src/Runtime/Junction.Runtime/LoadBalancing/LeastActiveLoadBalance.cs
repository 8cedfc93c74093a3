using Junction.Invocation;

namespace Junction.LoadBalancing;

/// <summary>
/// Dubbo's least active: the provider with the fewest calls of this method in flight from this consumer; ties are
/// split by weight (after warm-up), evenly when the weights are equal.
/// </summary>
/// <remarks>
/// Dubbo counts calls in flight only when an <c>actives</c> limit is configured, so without one it degrades to weighted
/// random (Dubbo issues #9650, #737). Junction's cluster counts every attempt, so this always balances on real figures.
/// </remarks>
internal sealed class LeastActiveLoadBalance : WeightedLoadBalance
{
    /// <summary>The name used in configuration.</summary>
    public const string Name = "leastactive";

    /// <summary>Creates the balancer; tests pass a seeded <paramref name="random"/> and a fake <paramref name="time"/>.</summary>
    internal LeastActiveLoadBalance(Random? random = null, TimeProvider? time = null)
        : base(random, time)
    {
    }

    /// <inheritdoc />
    protected override int Pick(WeightTable weights, Invocation.Invocation invocation)
        => LowestScore.Pick(weights, invocation.Method, default(ActiveScore), Random);

    private readonly struct ActiveScore : IProviderScore
    {
        public double Score(CallStats stats) => stats.Active;
    }
}
