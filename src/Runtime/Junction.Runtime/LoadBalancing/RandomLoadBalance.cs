namespace Junction.LoadBalancing;

/// <summary>
/// Dubbo's default: random, weighted by provider weight after warm-up (uniform when all weights are equal).
/// </summary>
/// <remarks>
/// Dubbo weighs only when the first provider's URL carries an explicit <c>weight</c> or <c>timestamp</c>; every Junction
/// provider has both (weight 100 and its start time), so picks here are always weighted, which is what Dubbo does for
/// any provider started by Dubbo itself.
/// </remarks>
internal sealed class RandomLoadBalance : WeightedLoadBalance
{
    /// <summary>The name used in configuration.</summary>
    public const string Name = "random";

    /// <summary>Creates the balancer; tests pass a seeded <paramref name="random"/> and a fake <paramref name="time"/>.</summary>
    internal RandomLoadBalance(Random? random = null, TimeProvider? time = null)
        : base(random, time)
    {
    }

    /// <inheritdoc />
    protected override int Pick(WeightTable weights, Invocation.Invocation invocation) => weights.Pick(Random);
}
