using Junction.Cluster;

namespace Junction.Runtime.Tests.Cluster;

/// <summary>
/// failover: a transport failure moves the call to a provider not tried yet; business errors and methods that are not
/// idempotent are not retried unless retries were set; giving up names everything that was tried.
/// </summary>
public class FailoverClusterTests
{
    [Fact]
    public async Task A_failed_attempt_moves_to_another_provider_whose_answer_the_caller_gets()
    {
        var providers = ClusterKit.Providers(Fault.Unavailable, Fault.None);
        await using var cluster = ClusterKit.Create(FailoverClusterInvoker.Name, providers);

        Assert.Equal("p1", await ClusterKit.Client(cluster).ReadAsync(1));

        Assert.Equal(["p0", "p1"], ClusterKit.CallOrder(providers));
    }

    [Fact]
    public async Task No_provider_is_called_twice_in_one_call_while_an_untried_one_remains()
    {
        // The balancer always offers p0, so only reselection keeps the attempts apart.
        var providers = ClusterKit.Providers(Fault.Unavailable, Fault.Unavailable, Fault.Unavailable, Fault.Unavailable);
        await using var cluster = ClusterKit.Create(FailoverClusterInvoker.Name, providers, retries: 3);

        await Assert.ThrowsAsync<RpcException>(() => ClusterKit.Client(cluster).ReadAsync(1));

        Assert.Equal(["p0", "p1", "p2", "p3"], ClusterKit.CallOrder(providers));
    }

    [Fact]
    public async Task With_more_retries_than_providers_every_provider_is_tried_before_any_is_tried_again()
    {
        var providers = ClusterKit.Providers(Fault.Unavailable, Fault.Unavailable, Fault.Unavailable);
        await using var cluster = ClusterKit.Create(FailoverClusterInvoker.Name, providers, retries: 5);

        await Assert.ThrowsAsync<RpcException>(() => ClusterKit.Client(cluster).ReadAsync(1));

        var order = ClusterKit.CallOrder(providers);
        Assert.Equal(6, order.Length);
        Assert.Equal(["p0", "p1", "p2"], order[..3]);
    }

    [Fact]
    public async Task A_deadline_exceeded_attempt_is_retried_like_an_unavailable_one()
    {
        var providers = ClusterKit.Providers(Fault.Deadline, Fault.None);
        await using var cluster = ClusterKit.Create(FailoverClusterInvoker.Name, providers);

        Assert.Equal("p1", await ClusterKit.Client(cluster).ReadAsync(1));
    }

    [Fact]
    public async Task A_business_error_is_not_retried_and_reaches_the_caller_unchanged()
    {
        var providers = ClusterKit.Providers(Fault.Business, Fault.None);
        await using var cluster = ClusterKit.Create(FailoverClusterInvoker.Name, providers);

        var error = await Assert.ThrowsAsync<RpcException>(() => ClusterKit.Client(cluster).ReadAsync(1));

        Assert.Equal(RpcStatusCode.FailedPrecondition, error.StatusCode);
        Assert.Equal("p0 refused: out of stock", error.Message);
        Assert.Equal(0, providers[1].Calls);
    }

    [Fact]
    public async Task A_method_that_is_not_idempotent_is_not_retried_by_default()
    {
        var providers = ClusterKit.Providers(Fault.Unavailable, Fault.None);
        await using var cluster = ClusterKit.Create(FailoverClusterInvoker.Name, providers);

        var error = await Assert.ThrowsAsync<RpcException>(() => ClusterKit.Client(cluster).WriteAsync(1));

        Assert.Equal(RpcStatusCode.Unavailable, error.StatusCode);
        Assert.Equal(1, providers[0].Calls);
        Assert.Equal(0, providers[1].Calls);
        ClusterAssert.Names(error, "Write", [providers[0]], "p0 is unreachable");
    }

    [Fact]
    public async Task A_method_that_is_not_idempotent_is_retried_when_retries_are_set()
    {
        var providers = ClusterKit.Providers(Fault.Unavailable, Fault.None);
        await using var cluster = ClusterKit.Create(FailoverClusterInvoker.Name, providers, retries: 1);

        Assert.Equal("p1", await ClusterKit.Client(cluster).WriteAsync(1));
    }

    [Fact]
    public async Task Giving_up_names_the_service_the_method_every_provider_tried_and_the_last_error()
    {
        var providers = ClusterKit.Providers(Fault.Unavailable, Fault.Unavailable, Fault.Deadline);
        await using var cluster = ClusterKit.Create(FailoverClusterInvoker.Name, providers);

        var error = await Assert.ThrowsAsync<RpcException>(() => ClusterKit.Client(cluster).ReadAsync(1));

        Assert.Equal(RpcStatusCode.DeadlineExceeded, error.StatusCode);
        Assert.Contains("failed after 3 attempts", error.Message, StringComparison.Ordinal);
        ClusterAssert.Names(error, "Read", providers, "p2 did not answer in time");
    }

    [Fact]
    public async Task Without_providers_the_call_fails_with_Unavailable_naming_the_service()
    {
        await using var cluster = ClusterKit.Create(FailoverClusterInvoker.Name, []);

        var error = await Assert.ThrowsAsync<RpcException>(() => ClusterKit.Client(cluster).ReadAsync(1));

        Assert.Equal(RpcStatusCode.Unavailable, error.StatusCode);
        Assert.Contains(ClusterKit.Service.ServiceKey, error.Message, StringComparison.Ordinal);
        Assert.Contains("method Read", error.Message, StringComparison.Ordinal);
    }
}
