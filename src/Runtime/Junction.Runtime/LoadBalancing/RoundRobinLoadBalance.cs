using System.Collections.Concurrent;
using Junction.Invocation;

namespace Junction.LoadBalancing;

/// <summary>
/// Smooth weighted round robin (nginx's, as Dubbo uses since 2.7): every pick adds each provider's weight to its
/// current score, takes the highest and subtracts the total from it, so weights 1:2:3 give C B A C B C.
/// </summary>
public sealed class RoundRobinLoadBalance : ILoadBalancer
{
    /// <summary>The name used in configuration.</summary>
    public const string Name = "roundrobin";

    private readonly ConcurrentDictionary<Contracts.MethodDescriptor, MethodState> _states = new();

    /// <inheritdoc />
    public IProviderInvoker Select(IProviderInvoker[] providers, Invocation.Invocation invocation)
    {
        if (providers.Length == 1)
        {
            return providers[0];
        }

        var state = _states.GetOrAdd(invocation.Method, static _ => new MethodState());
        lock (state)
        {
            long total = 0;
            IProviderInvoker? best = null;
            long bestScore = long.MinValue;
            foreach (var provider in providers)
            {
                var weight = provider.Instance.Weight;
                var id = provider.Instance.Id;
                state.Current.TryGetValue(id, out var score);
                score += weight;
                state.Current[id] = score;
                total += weight;
                if (score > bestScore)
                {
                    bestScore = score;
                    best = provider;
                }
            }

            state.Current[best!.Instance.Id] = bestScore - total;
            return best;
        }
    }

    private sealed class MethodState
    {
        public Dictionary<string, long> Current { get; } = new(StringComparer.Ordinal);
    }
}
