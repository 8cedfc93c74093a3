using Junction.Invocation;

namespace Junction.LoadBalancing;

/// <summary>
/// Power of two choices: draw two different providers at random and take the one with the lower cost, where cost is
/// (calls of the method in flight + 1) × smoothed latency. Equal costs are settled by a coin weighted by the two
/// weights (after warm-up). Dubbo calls its variant <c>adaptive</c>; both names select this balancer.
/// </summary>
/// <remarks>
/// <para>
/// Dubbo's adaptive balancer multiplies in the provider's CPU load, which its providers report in every response, and
/// forces a provider not picked for 2 × timeout back in. Junction providers report no load, so the cost is what this
/// consumer sees: calls in flight and the latency of its own calls. The latency is an exponentially smoothed average
/// that fades while a provider finishes no calls (<see cref="CallStats.Latency"/>), which brings a provider that was
/// slow once back into play.
/// </para>
/// <para>
/// Weights settle ties only: p2c balances on what it measures. A provider with no latency figure yet borrows the other
/// one's, so a new provider is compared on calls in flight, and while both are idle the weighted coin (with the new
/// provider's warm-up weight) decides; it does not look infinitely fast. Dividing the cost by the weight instead (as
/// Dubbo's adaptive formula roughly does) would make the heavier of two equally good providers win every draw at low
/// concurrency rather than its share. One exception: a provider of weight 0 (drained) loses every draw against one with
/// weight, as it gets no calls from <c>random</c>.
/// </para>
/// </remarks>
internal sealed class P2CLoadBalance : WeightedLoadBalance
{
    /// <summary>The name used in configuration.</summary>
    public const string Name = "p2c";

    /// <summary>Dubbo's name for its power-of-two-choices balancer, accepted as a synonym.</summary>
    public const string DubboName = "adaptive";

    /// <summary>Creates the balancer; tests pass a seeded <paramref name="random"/> and a fake <paramref name="time"/>.</summary>
    internal P2CLoadBalance(Random? random = null, TimeProvider? time = null)
        : base(random, time)
    {
    }

    /// <inheritdoc />
    protected override int Pick(WeightTable weights, Invocation.Invocation invocation)
    {
        var providers = weights.Providers;
        int first = 0, second = 1;
        if (providers.Length > 2)
        {
            // Two indexes from one draw (63 random bits: 31 for the first, 32 for the second), scaled by a multiply
            // rather than a division; the bias is under n / 2^31.
            var bits = (ulong)Random.NextInt64();
            first = (int)(((bits & 0x7FFF_FFFF) * (ulong)providers.Length) >> 31);
            second = (int)(((bits >> 31) * (ulong)(providers.Length - 1)) >> 32);
            if (second >= first)
            {
                second++;
            }
        }

        var a = providers[first].Stats.For(invocation.Method);
        var b = providers[second].Stats.For(invocation.Method);
        double latencyA = a.SmoothedLatency, latencyB = b.SmoothedLatency;
        if (latencyA == 0 || latencyB == 0)
        {
            latencyA = latencyB = Math.Max(Math.Max(latencyA, latencyB), 1);
        }
        else
        {
            // Fading both to now by the same clock would scale both by the same factor: only the older figure needs
            // fading, by how much older it is, and no clock is read (a clock read costs more than the rest of a pick).
            var age = b.LatencyUpdated - a.LatencyUpdated;
            latencyA = CallStats.Fade(latencyA, age);
            latencyB = CallStats.Fade(latencyB, -age);
        }

        int weightA = weights.Weight(first), weightB = weights.Weight(second);
        if ((weightA == 0) != (weightB == 0))
        {
            return weightA == 0 ? second : first;
        }

        var costA = (a.Active + 1.0) * latencyA;
        var costB = (b.Active + 1.0) * latencyB;
        if (costA != costB)
        {
            return costA < costB ? first : second;
        }

        var total = (long)weightA + weightB;
        if (total == 0)
        {
            return Random.Next(2) == 0 ? first : second;
        }

        return Random.NextInt64(total) < weightA ? first : second;
    }
}
