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
    public async Task A_provider_that_comes_back_while_the_call_fails_is_not_blamed_on_routing()
    {
        // Down when the call chooses, up again when the error is written (a tcp connection reconnecting in between).
        var provider = new ComingBack(ClusterKit.Providers(Fault.None)[0]);
        await using var cluster = ClusterKit.Create(FailfastClusterInvoker.Name, [provider]);

        var error = await Assert.ThrowsAsync<RpcException>(() => ClusterKit.Client(cluster).ReadAsync(1));

        Assert.Equal(RpcStatusCode.Unavailable, error.StatusCode);
        Assert.Contains("none of its 1 provider(s) is available", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("routing", error.Message, StringComparison.Ordinal);
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

    /// <summary>Unavailable the first time it is asked, available from then on.</summary>
    private sealed class ComingBack(FakeProvider provider) : Invocation.IProviderInvoker
    {
        private int _asked;

        public global::Junction.Registry.ServiceInstance Instance => provider.Instance;

        public bool IsAvailable => Interlocked.Increment(ref _asked) > 1;

        public Invocation.ProviderStats Stats => provider.Stats;

        public ValueTask<Invocation.RpcResult> InvokeAsync(Invocation.Invocation invocation) => provider.InvokeAsync(invocation);

        public ValueTask DisposeAsync() => provider.DisposeAsync();
    }
}
