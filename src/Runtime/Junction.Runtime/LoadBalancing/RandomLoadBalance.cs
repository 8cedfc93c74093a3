using Junction.Invocation;

namespace Junction.LoadBalancing;

/// <summary>
/// Dubbo's default: random, weighted by provider weight (uniform when all weights are equal).
/// </summary>
public sealed class RandomLoadBalance : ILoadBalancer
{
    /// <summary>The name used in configuration.</summary>
    public const string Name = "random";

    /// <inheritdoc />
    public IProviderInvoker Select(IProviderInvoker[] providers, Invocation.Invocation invocation)
    {
        if (providers.Length == 1)
        {
            return providers[0];
        }

        var total = 0;
        var sameWeight = true;
        var first = providers[0].Instance.Weight;
        foreach (var provider in providers)
        {
            var weight = provider.Instance.Weight;
            total += weight;
            sameWeight &= weight == first;
        }

        if (total > 0 && !sameWeight)
        {
            var offset = Random.Shared.Next(total);
            foreach (var provider in providers)
            {
                offset -= provider.Instance.Weight;
                if (offset < 0)
                {
                    return provider;
                }
            }
        }

        return providers[Random.Shared.Next(providers.Length)];
    }
}
