using Junction.Cluster;

namespace Junction.Runtime.Tests.Cluster;

/// <summary>broadcast: every provider, in order; any failure fails the call; the fail percentage stops it early.</summary>
public class BroadcastClusterTests
{
    [Fact]
    public async Task Every_provider_is_called_once_in_order_and_the_last_answer_is_returned()
    {
        var providers = ClusterKit.Providers(Fault.None, Fault.None, Fault.None);
        var balancer = new FirstLoadBalancer();
        await using var cluster = ClusterKit.Create(BroadcastClusterInvoker.Name, providers, loadBalancer: balancer);

        Assert.Equal("p2", await ClusterKit.Client(cluster).ReadAsync(1));

        Assert.Equal(["p0", "p1", "p2"], ClusterKit.CallOrder(providers));
        Assert.Equal(0, balancer.Selections);
    }

    [Fact]
    public async Task One_failure_fails_the_call_after_every_provider_was_called()
    {
        var providers = ClusterKit.Providers(Fault.None, Fault.Unavailable, Fault.None);
        await using var cluster = ClusterKit.Create(BroadcastClusterInvoker.Name, providers);

        var error = await Assert.ThrowsAsync<RpcException>(() => ClusterKit.Client(cluster).NotifyAsync(1));

        Assert.Equal(RpcStatusCode.Unavailable, error.StatusCode);
        Assert.All(providers, p => Assert.Equal(1, p.Calls));
        Assert.Contains("failed on 1 of 3 providers", error.Message, StringComparison.Ordinal);
        ClusterAssert.Names(error, "Notify", providers, "p1 is unreachable");
    }

    [Fact]
    public async Task A_business_error_on_one_provider_fails_the_call_too()
    {
        var providers = ClusterKit.Providers(Fault.Business, Fault.None);
        await using var cluster = ClusterKit.Create(BroadcastClusterInvoker.Name, providers);

        var error = await Assert.ThrowsAsync<RpcException>(() => ClusterKit.Client(cluster).NotifyAsync(1));

        Assert.Equal(RpcStatusCode.FailedPrecondition, error.StatusCode);
        Assert.Equal(1, providers[1].Calls);
    }

    [Fact]
    public async Task Once_failures_reach_the_fail_percentage_the_remaining_providers_are_skipped()
    {
        var providers = ClusterKit.Providers(Fault.Unavailable, Fault.None, Fault.Unavailable, Fault.None);
        await using var cluster = ClusterKit.Create(BroadcastClusterInvoker.Name, providers, new ClusterSettings { BroadcastFailPercent = 50 });

        var error = await Assert.ThrowsAsync<RpcException>(() => ClusterKit.Client(cluster).NotifyAsync(1));

        Assert.Equal([1, 1, 1, 0], providers.Select(p => p.Calls));
        Assert.Contains("failed on 2 of 4 providers", error.Message, StringComparison.Ordinal);
        Assert.Contains("1 not called", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(providers[3].Instance.ToString(), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_fail_percentage_of_zero_stops_at_the_first_failure_unlike_dubbo_where_it_means_100()
    {
        var providers = ClusterKit.Providers(Fault.None, Fault.Unavailable, Fault.None);
        await using var cluster = ClusterKit.Create(BroadcastClusterInvoker.Name, providers, new ClusterSettings { BroadcastFailPercent = 0 });

        await Assert.ThrowsAsync<RpcException>(() => ClusterKit.Client(cluster).NotifyAsync(1));

        Assert.Equal([1, 1, 0], providers.Select(p => p.Calls));
    }

    [Theory]
    [InlineData(3, 100, 3)]
    [InlineData(3, 0, 1)]
    [InlineData(4, 50, 2)]
    [InlineData(10, 25, 3)]
    [InlineData(3, 10, 1)]
    public void The_failure_threshold_is_the_percentage_of_the_providers_rounded_up_and_at_least_one(int providers, int percent, int threshold)
        => Assert.Equal(threshold, BroadcastClusterInvoker.FailureThreshold(providers, percent));

    [Fact]
    public async Task Without_providers_the_call_fails_with_Unavailable()
    {
        await using var cluster = ClusterKit.Create(BroadcastClusterInvoker.Name, []);

        var error = await Assert.ThrowsAsync<RpcException>(() => ClusterKit.Client(cluster).NotifyAsync(1));

        Assert.Equal(RpcStatusCode.Unavailable, error.StatusCode);
        Assert.Contains(ClusterKit.Service.ServiceKey, error.Message, StringComparison.Ordinal);
    }
}
