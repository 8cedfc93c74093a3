using Junction.Generated.Junction_Runtime_Tests;
using Junction.Invocation;
using Junction.LoadBalancing;

namespace Junction.Runtime.Tests.LoadBalancing;

/// <summary>Invocations of <see cref="IBalancerProbe"/>, built the way the generated client builds them.</summary>
internal static class Calls
{
    public static Invocation.Invocation Find(long userId) => new(BalancerProbeDescriptor.Find, new BalancerProbe_FindRequest(userId));

    public static Invocation.Invocation Place(string region, long orderId) => new(BalancerProbeDescriptor.Place, new BalancerProbe_PlaceRequest(region, orderId));

    public static Invocation.Invocation Move(string from, string to) => new(BalancerProbeDescriptor.Move, new BalancerProbe_MoveRequest(from, to));

    public static Invocation.Invocation Ping() => new(BalancerProbeDescriptor.Ping, Junction.Serialization.Empty.Instance);

    /// <summary>How many of <paramref name="picks"/> selections went to each provider, by index.</summary>
    public static int[] Count(ILoadBalancer balancer, IProviderInvoker[] providers, Invocation.Invocation invocation, int picks)
    {
        var counts = new int[providers.Length];
        for (var i = 0; i < picks; i++)
        {
            counts[Array.IndexOf(providers, balancer.Select(providers, invocation))]++;
        }

        return counts;
    }
}
