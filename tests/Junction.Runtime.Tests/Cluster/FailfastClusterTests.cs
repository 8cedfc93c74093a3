using Junction.Cluster;

namespace Junction.Runtime.Tests.Cluster;

/// <summary>failfast: one attempt on one provider, whatever the method.</summary>
public class FailfastClusterTests
{
    [Fact]
    public async Task An_idempotent_method_is_called_once_and_its_failure_names_service_method_provider_and_error()
    {
        var providers = ClusterKit.Providers(Fault.Unavailable, Fault.None);
        await using var cluster = ClusterKit.Create(FailfastClusterInvoker.Name, providers);

        var error = await Assert.ThrowsAsync<RpcException>(() => ClusterKit.Client(cluster).ReadAsync(1));

        Assert.Equal(RpcStatusCode.Unavailable, error.StatusCode);
        Assert.Equal(1, providers[0].Calls);
        Assert.Equal(0, providers[1].Calls);
        ClusterAssert.Names(error, "Read", [providers[0]], "p0 is unreachable");
        Assert.Contains("failfast", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_business_error_reaches_the_caller_as_the_provider_sent_it()
    {
        var providers = ClusterKit.Providers(Fault.Business);
        await using var cluster = ClusterKit.Create(FailfastClusterInvoker.Name, providers);

        var error = await Assert.ThrowsAsync<RpcException>(() => ClusterKit.Client(cluster).ReadAsync(1));

        Assert.Equal(RpcStatusCode.FailedPrecondition, error.StatusCode);
        Assert.Equal("p0 refused: out of stock", error.Message);
    }

    [Fact]
    public async Task A_success_is_returned_after_one_call()
    {
        var providers = ClusterKit.Providers(Fault.None, Fault.None);
        await using var cluster = ClusterKit.Create(FailfastClusterInvoker.Name, providers);

        Assert.Equal("p0", await ClusterKit.Client(cluster).ReadAsync(1));
        Assert.Equal(1, providers[0].Calls + providers[1].Calls);
    }
}
