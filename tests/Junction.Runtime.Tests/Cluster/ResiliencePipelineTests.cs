using Junction.Cluster;
using Junction.Invocation;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace Junction.Runtime.Tests.Cluster;

/// <summary>
/// A user's <see cref="ResiliencePipeline{T}"/> of <see cref="RpcResult"/> runs around each attempt, inside the cluster
/// strategy: a failover retry runs it again, its strategies see failures as results, and what it throws becomes an
/// <see cref="RpcException"/> naming the method and the provider.
/// </summary>
public class ResiliencePipelineTests
{
    [Fact]
    public async Task The_pipeline_runs_around_each_attempt_of_the_strategy()
    {
        var providers = ClusterKit.Providers(Fault.Unavailable, Fault.Unavailable);
        var settings = new ClusterSettings { Resilience = RetryOnce() };
        await using var cluster = ClusterKit.Create(FailoverClusterInvoker.Name, providers, settings, retries: 1);

        await Assert.ThrowsAsync<RpcException>(() => ClusterKit.Client(cluster).ReadAsync(1));

        // Two attempts of the cluster (p0, then p1), each retried once by the pipeline on the same provider.
        Assert.Equal(["p0", "p0", "p1", "p1"], ClusterKit.CallOrder(providers));
    }

    [Fact]
    public async Task The_pipeline_can_recover_an_attempt_before_the_strategy_sees_the_failure()
    {
        var providers = ClusterKit.Providers(Fault.None, Fault.None);
        providers[0].FailNext(1, Fault.Unavailable);
        var settings = new ClusterSettings { Resilience = RetryOnce() };
        await using var cluster = ClusterKit.Create(FailfastClusterInvoker.Name, providers, settings);

        Assert.Equal("p0", await ClusterKit.Client(cluster).ReadAsync(1));

        Assert.Equal(2, providers[0].Calls);
        Assert.Equal(0, providers[1].Calls);
    }

    [Fact]
    public async Task A_pipeline_timeout_cancels_the_attempt_and_becomes_DeadlineExceeded_naming_the_provider()
    {
        var providers = ClusterKit.Providers(Fault.Hang);
        var time = new ManualTimeProvider();
        var settings = new ClusterSettings { Resilience = Timeout(time) };
        await using var cluster = ClusterKit.Create(FailfastClusterInvoker.Name, providers, settings);

        var call = ClusterKit.Client(cluster).ReadAsync(1);
        await ClusterKit.Eventually(() => providers[0].Calls == 1, "the attempt reached p0");
        time.Advance(TimeSpan.FromSeconds(1));

        var error = await Assert.ThrowsAsync<RpcException>(() => call);
        Assert.Equal(RpcStatusCode.DeadlineExceeded, error.StatusCode);
        Assert.Contains("resilience pipeline's timeout of 1000 ms", error.Message, StringComparison.Ordinal);
        ClusterAssert.Names(error, "Read", providers, ClusterKit.Method("Read").FullName + " did not complete");
        await providers[0].Cancelled.WaitAsync(ClusterKit.Patience);
    }

    [Fact]
    public async Task After_a_pipeline_timeout_failover_moves_to_another_provider()
    {
        var providers = ClusterKit.Providers(Fault.Hang, Fault.None);
        var time = new ManualTimeProvider();
        var settings = new ClusterSettings { Resilience = Timeout(time) };
        await using var cluster = ClusterKit.Create(FailoverClusterInvoker.Name, providers, settings);

        var call = ClusterKit.Client(cluster).ReadAsync(1);
        await ClusterKit.Eventually(() => providers[0].Calls == 1, "the attempt reached p0");
        time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal("p1", await call);
    }

    [Fact]
    public async Task A_method_pipeline_replaces_the_service_pipeline_for_that_method_only()
    {
        var providers = ClusterKit.Providers(Fault.Unavailable);
        var settings = new ClusterSettings { Resilience = RetryOnce() };
        settings.MethodResilience["Write"] = ResiliencePipeline<RpcResult>.Empty;
        await using var cluster = ClusterKit.Create(FailfastClusterInvoker.Name, providers, settings);
        var client = ClusterKit.Client(cluster);

        await Assert.ThrowsAsync<RpcException>(() => client.ReadAsync(1));
        Assert.Equal(2, providers[0].Calls);

        await Assert.ThrowsAsync<RpcException>(() => client.WriteAsync(2));
        Assert.Equal(3, providers[0].Calls);
    }

    [Fact]
    public async Task An_open_circuit_of_the_users_own_breaker_becomes_Unavailable_without_calling_the_provider()
    {
        var providers = ClusterKit.Providers(Fault.Unavailable);
        var pipeline = new ResiliencePipelineBuilder<RpcResult> { TimeProvider = new ManualTimeProvider() }
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions<RpcResult>
            {
                FailureRatio = 0.5,
                MinimumThroughput = 2,
                ShouldHandle = args => new ValueTask<bool>(args.Outcome.Result.Exception is RpcException),
            })
            .Build();
        await using var cluster = ClusterKit.Create(FailfastClusterInvoker.Name, providers, new ClusterSettings { Resilience = pipeline });
        var client = ClusterKit.Client(cluster);
        await Assert.ThrowsAsync<RpcException>(() => client.ReadAsync(1));
        await Assert.ThrowsAsync<RpcException>(() => client.ReadAsync(2));

        var error = await Assert.ThrowsAsync<RpcException>(() => client.ReadAsync(3));

        Assert.Equal(RpcStatusCode.Unavailable, error.StatusCode);
        Assert.Contains("circuit breaker is open", error.Message, StringComparison.Ordinal);
        Assert.Contains(providers[0].Instance.ToString(), error.Message, StringComparison.Ordinal);
        Assert.Equal(2, providers[0].Calls);
    }

    private static ResiliencePipeline<RpcResult> RetryOnce()
        => new ResiliencePipelineBuilder<RpcResult>()
            .AddRetry(new RetryStrategyOptions<RpcResult>
            {
                MaxRetryAttempts = 1,
                Delay = TimeSpan.Zero,
                ShouldHandle = args => new ValueTask<bool>(args.Outcome.Result.Exception is RpcException { StatusCode: RpcStatusCode.Unavailable }),
            })
            .Build();

    private static ResiliencePipeline<RpcResult> Timeout(TimeProvider time)
        => new ResiliencePipelineBuilder<RpcResult> { TimeProvider = time }
            .AddTimeout(new TimeoutStrategyOptions { Timeout = TimeSpan.FromSeconds(1) })
            .Build();
}
