namespace Junction.LoadBalancing;

/// <summary>Creates load balancers by their configuration name.</summary>
internal static class LoadBalancers
{
    public static readonly string[] Names = [RandomLoadBalance.Name, RoundRobinLoadBalance.Name];

    public static ILoadBalancer Create(string name) => name.ToLowerInvariant() switch
    {
        RandomLoadBalance.Name => new RandomLoadBalance(),
        RoundRobinLoadBalance.Name => new RoundRobinLoadBalance(),
        _ => throw new ArgumentException($"Unknown load balancer '{name}'; use one of: {string.Join(", ", Names)}.", nameof(name)),
    };
}
