using Junction.Invocation;

namespace Junction.LoadBalancing;

/// <summary>
/// The base of the balancers that honour weights and warm-up (Dubbo's AbstractLoadBalance): one provider is returned
/// as is, otherwise the subclass picks with the providers' current weights.
/// </summary>
internal abstract class WeightedLoadBalance : ILoadBalancer
{
    private readonly WeightTables _weights;

    /// <summary>
    /// Creates the balancer with its source of randomness and its clock: <see cref="Random.Shared"/> and the system
    /// clock unless a test passes seeded and fake ones.
    /// </summary>
    protected WeightedLoadBalance(Random? random, TimeProvider? time)
    {
        Random = random ?? Random.Shared;
        Time = time ?? TimeProvider.System;
        _weights = new WeightTables(Time);
    }

    /// <summary>Where picks draw their random numbers: <see cref="System.Random.Shared"/> outside tests.</summary>
    protected Random Random { get; }

    /// <summary>The clock for warm-up and for the statistics' time windows.</summary>
    protected TimeProvider Time { get; }

    /// <inheritdoc />
    public IProviderInvoker Select(IProviderInvoker[] providers, Invocation.Invocation invocation)
    {
        if (providers.Length <= 1)
        {
            return providers.Length == 1 ? providers[0] : throw NoProviders();
        }

        return providers[Pick(_weights.For(providers), invocation)];
    }

    /// <summary>Picks the index of a provider of <see cref="WeightTable.Providers"/> (at least two).</summary>
    protected abstract int Pick(WeightTable weights, Invocation.Invocation invocation);

    /// <summary>The error for an empty provider array, which the cluster never passes.</summary>
    internal static ArgumentException NoProviders() => new("A load balancer needs at least one provider to pick from.", "providers");
}
