using Junction.Cluster;

namespace Junction.Runtime.Tests.Cluster;

/// <summary>available: the first available provider in the directory's order, once, without the load balancer.</summary>
public class AvailableClusterTests
{
    [Fact]
    public async Task The_first_available_provider_in_order_gets_the_call_and_the_balancer_is_not_asked()
    {
        var providers = ClusterKit.Providers(Fault.None, Fault.None, Fault.None);
        providers[0].IsAvailable = false;
        var balancer = new FirstLoadBalancer();
        await using var cluster = ClusterKit.Create(AvailableClusterInvoker.Name, providers, loadBalancer: balancer);

        Assert.Equal("p1", await ClusterKit.Client(cluster).ReadAsync(1));
        Assert.Equal("p1", await ClusterKit.Client(cluster).ReadAsync(2));

        Assert.Equal([0, 2, 0], providers.Select(p => p.Calls));
        Assert.Equal(0, balancer.Selections);
    }

    [Fact]
    public async Task A_failure_is_not_retried_and_names_service_method_provider_and_error()
    {
        var providers = ClusterKit.Providers(Fault.Unavailable, Fault.None);
        await using var cluster = ClusterKit.Create(AvailableClusterInvoker.Name, providers);

        var error = await Assert.ThrowsAsync<RpcException>(() => ClusterKit.Client(cluster).ReadAsync(1));

        Assert.Equal(0, providers[1].Calls);
        ClusterAssert.Names(error, "Read", [providers[0]], "p0 is unreachable");
    }

    [Fact]
    public async Task With_no_available_provider_the_call_fails_with_Unavailable()
    {
        var providers = ClusterKit.Providers(Fault.None);
        providers[0].IsAvailable = false;
        await using var cluster = ClusterKit.Create(AvailableClusterInvoker.Name, providers);

        var error = await Assert.ThrowsAsync<RpcException>(() => ClusterKit.Client(cluster).ReadAsync(1));

        Assert.Equal(RpcStatusCode.Unavailable, error.StatusCode);
        Assert.Contains("none of its 1 provider(s) is available", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, providers[0].Calls);
    }
}
