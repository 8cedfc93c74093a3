namespace Junction.LoadBalancing;

/// <summary>
/// Power of two choices: draw two different providers at random and take the one with the lower cost, where cost is
/// (calls in flight + 1) × smoothed latency ÷ weight. Equal costs are settled by a coin weighted by the two weights.
/// Dubbo calls its variant <c>adaptive</c>; both names select this balancer.
/// </summary>
/// <remarks>
/// <para>
/// Dubbo's adaptive balancer multiplies in the provider's CPU load, which its providers report in every response, and
/// forces a provider not picked for 2 × timeout back in. Junction providers report no load, so the cost is what this
/// consumer sees: calls in flight and the latency of its own calls. The latency is an exponentially smoothed average
/// that fades while a provider finishes no calls (<see cref="Invocation.CallStats.Latency"/>), which brings a provider
/// that was slow once back into play.
/// </para>
/// <para>
/// Dividing by the weight (after warm-up) lets weights and warm-up act here as in the other balancers; with equal
/// weights the cost is exactly in-flight × latency. A provider with no latency figure yet borrows the other one's, so a
/// new provider is compared on calls in flight and weight alone rather than looking infinitely fast.
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
            first = Random.Next(providers.Length);
            second = Random.Next(providers.Length - 1);
            if (second >= first)
            {
                second++;
            }
        }

        var now = Time.GetTimestamp();
        var a = providers[first].Stats.For(invocation.Method);
        var b = providers[second].Stats.For(invocation.Method);
        var latencyA = a.Latency(now);
        var latencyB = b.Latency(now);
        if (latencyA == 0 || latencyB == 0)
        {
            latencyA = latencyB = Math.Max(Math.Max(latencyA, latencyB), 1);
        }

        // (activeA + 1) × latencyA ÷ weightA against the same for B, cross-multiplied so a weight of 0 needs no special
        // case: it makes the provider's cost infinite (it loses), or both costs 0 when both weigh 0 (a fair coin).
        long weightA = weights.Weight(first), weightB = weights.Weight(second);
        var costA = (a.Active + 1.0) * latencyA * weightB;
        var costB = (b.Active + 1.0) * latencyB * weightA;
        if (costA != costB)
        {
            return costA < costB ? first : second;
        }

        var total = weightA + weightB;
        if (total == 0)
        {
            return Random.Next(2) == 0 ? first : second;
        }

        return Random.NextInt64(total) < weightA ? first : second;
    }
}
