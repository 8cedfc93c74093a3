using Junction.Cluster;
using Microsoft.Extensions.Logging;

namespace Junction.Runtime.Tests.Cluster;

/// <summary>failsafe: a failure is logged and the caller gets the method's default response.</summary>
public class FailsafeClusterTests
{
    [Fact]
    public async Task A_failure_gives_the_caller_the_default_of_each_kind_of_result_and_never_an_exception()
    {
        var providers = ClusterKit.Providers(Fault.Unavailable);
        await using var cluster = ClusterKit.Create(FailsafeClusterInvoker.Name, providers);
        var client = ClusterKit.Client(cluster);

        Assert.Equal("", await client.ReadAsync(1));
        Assert.Equal(0, await client.CountAsync(1));
        await client.NotifyAsync(1);

        var reply = await client.ReplyAsync(1);
        Assert.NotNull(reply);
        Assert.Equal("", reply.Provider);
        Assert.Equal(0, reply.Call);
        Assert.Empty(reply.Tags);
        Assert.Null(reply.Detail);
        Assert.Equal(4, providers[0].Calls);
    }

    [Fact]
    public async Task The_failure_is_logged_as_a_warning_naming_service_method_provider_and_error()
    {
        var providers = ClusterKit.Providers(Fault.Unavailable, Fault.None);
        var logger = new ListLogger();
        await using var cluster = ClusterKit.Create(FailsafeClusterInvoker.Name, providers, logger: logger);

        await ClusterKit.Client(cluster).ReadAsync(1);

        var warning = Assert.Single(logger.At(LogLevel.Warning));
        ClusterAssert.Names(new Exception(warning.Message), "Read", [providers[0]], "p0 is unreachable");
        Assert.IsType<RpcException>(warning.Exception);
        Assert.Equal(0, providers[1].Calls);
    }

    [Fact]
    public async Task A_business_error_is_swallowed_and_logged_too()
    {
        var providers = ClusterKit.Providers(Fault.Business);
        var logger = new ListLogger();
        await using var cluster = ClusterKit.Create(FailsafeClusterInvoker.Name, providers, logger: logger);

        Assert.Equal("", await ClusterKit.Client(cluster).WriteAsync(1));

        Assert.Contains("out of stock", Assert.Single(logger.At(LogLevel.Warning)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_providers_the_caller_gets_the_default_and_the_log_says_why()
    {
        var logger = new ListLogger();
        await using var cluster = ClusterKit.Create(FailsafeClusterInvoker.Name, [], logger: logger);

        Assert.Equal("", await ClusterKit.Client(cluster).ReadAsync(1));

        Assert.Contains("No provider", Assert.Single(logger.At(LogLevel.Warning)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_success_is_returned_as_is_and_nothing_is_logged()
    {
        var logger = new ListLogger();
        await using var cluster = ClusterKit.Create(FailsafeClusterInvoker.Name, ClusterKit.Providers(Fault.None), logger: logger);

        Assert.Equal("p0", await ClusterKit.Client(cluster).ReadAsync(1));

        Assert.Empty(logger.Entries);
    }

    [Fact]
    public async Task The_callers_own_cancellation_is_not_swallowed()
    {
        var providers = ClusterKit.Providers(Fault.Hang);
        await using var cluster = ClusterKit.Create(FailsafeClusterInvoker.Name, providers);
        using var cancellation = new CancellationTokenSource();

        var call = ClusterKit.Client(cluster).WaitAsync(1, cancellation.Token);
        await providers[0].NextCallAsync();
        await cancellation.CancelAsync();

        var error = await Assert.ThrowsAsync<RpcException>(() => call);
        Assert.Equal(RpcStatusCode.Cancelled, error.StatusCode);
    }
}
