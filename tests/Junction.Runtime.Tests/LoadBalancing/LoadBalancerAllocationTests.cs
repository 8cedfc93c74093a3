using Junction.Generated.Junction_Runtime_Tests;
using Junction.Invocation;
using Junction.LoadBalancing;

namespace Junction.Runtime.Tests.LoadBalancing;

/// <summary>
/// Every call goes through a balancer, so picking must not allocate once a provider array has been seen. Counted with
/// the thread's allocation counter (in the unoptimized test build, so nothing relies on the JIT removing boxes).
/// </summary>
public class LoadBalancerAllocationTests
{
    public static TheoryData<string> Names => [.. LoadBalancers.Names.Where(n => !n.StartsWith("test-", StringComparison.Ordinal))];

    [Theory]
    [MemberData(nameof(Names))]
    public void Picking_from_a_known_provider_array_allocates_nothing(string name)
    {
        var providers = BusyProviders(100);
        var balancer = LoadBalancers.Create(name);
        var invocation = Calls.Place("eu-west", 4711);

        // The first picks build and cache the weights or the ring; only the later ones are measured.
        Pick(balancer, providers, invocation, 3);
        var before = GC.GetAllocatedBytesForCurrentThread();
        Pick(balancer, providers, invocation, 1_000);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
    }

    [Theory]
    [InlineData("random")]
    [InlineData("leastactive")]
    [InlineData("shortestresponse")]
    [InlineData("p2c")]
    [InlineData("consistenthash")]
    public void Picking_from_a_new_array_each_call_allocates_nothing(string name)
    {
        // Retries and calls made while a provider is down pass a fresh array each time. (Round robin realigns its
        // scores to each new array, which allocates; it does so only when the array changes.)
        var providers = BusyProviders(100);
        var fresh = Enumerable.Range(0, 1_000).Select(_ => providers[..^1]).ToArray();
        var balancer = LoadBalancers.Create(name);
        var invocation = Calls.Find(4711);
        Pick(balancer, providers, invocation, 3);
        balancer.Select(providers[..^1], invocation);

        // A warm pass first: tiered compilation replacing the loop's code mid-run (on-stack replacement) allocates on
        // this thread now and then, which is the JIT's, not the balancer's.
        foreach (var array in fresh)
        {
            balancer.Select(array, invocation);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        foreach (var array in fresh)
        {
            balancer.Select(array, invocation);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    /// <summary>Providers with calls in flight and finished, so the statistics paths run.</summary>
    private static IProviderInvoker[] BusyProviders(int count)
    {
        var time = new FakeTime();
        var providers = FakeProvider.Many(time, Enumerable.Range(1, count).ToArray());
        for (var i = 0; i < providers.Length; i++)
        {
            foreach (var method in new Contracts.MethodDescriptor[] { BalancerProbeDescriptor.Find, BalancerProbeDescriptor.Place })
            {
                providers[i].Finished(method, time, TimeSpan.FromMilliseconds(1 + (i % 7)), calls: 3).InFlight(method, i % 3);
            }
        }

        return providers;
    }

    private static void Pick(ILoadBalancer balancer, IProviderInvoker[] providers, Invocation.Invocation invocation, int times)
    {
        for (var i = 0; i < times; i++)
        {
            balancer.Select(providers, invocation);
        }
    }
}
