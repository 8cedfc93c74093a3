using Junction.Cluster;

namespace Junction.Runtime.Tests.Cluster;

/// <summary>forking: distinct providers called at once, the first answer wins, the losers are cancelled.</summary>
public class ForkingClusterTests
{
    [Fact]
    public async Task The_first_success_wins_and_the_slower_forks_token_is_cancelled()
    {
        var providers = ClusterKit.Providers(Fault.Hang, Fault.None);
        await using var cluster = ClusterKit.Create(ForkingClusterInvoker.Name, providers);

        Assert.Equal("p1", await ClusterKit.Client(cluster).ReadAsync(1));

        var loser = await providers[0].Cancelled.WaitAsync(ClusterKit.Patience);
        var winner = Assert.Single(providers[1].Invocations);
        Assert.True(loser.CancellationToken.IsCancellationRequested);
        Assert.NotSame(loser, winner);
    }

    [Fact]
    public async Task A_winner_that_answers_later_than_the_others_start_still_cancels_them()
    {
        var providers = ClusterKit.Providers(Fault.None, Fault.None);
        providers[0].Hold();
        providers[1].Hold();
        await using var cluster = ClusterKit.Create(ForkingClusterInvoker.Name, providers);

        var call = ClusterKit.Client(cluster).ReadAsync(1);
        await providers[0].NextCallAsync();
        await providers[1].NextCallAsync();
        providers[1].Release();

        Assert.Equal("p1", await call);
        await providers[0].Cancelled.WaitAsync(ClusterKit.Patience);
    }

    [Fact]
    public async Task Only_the_configured_number_of_distinct_providers_is_called()
    {
        var providers = ClusterKit.Providers(Fault.Unavailable, Fault.Unavailable, Fault.Unavailable, Fault.Unavailable);
        await using var cluster = ClusterKit.Create(ForkingClusterInvoker.Name, providers, new ClusterSettings { Forks = 3 });

        await Assert.ThrowsAsync<RpcException>(() => ClusterKit.Client(cluster).ReadAsync(1));

        Assert.Equal([1, 1, 1, 0], providers.Select(p => p.Calls));
    }

    [Fact]
    public async Task More_forks_than_providers_calls_every_provider_once()
    {
        var providers = ClusterKit.Providers(Fault.Unavailable, Fault.Unavailable);
        await using var cluster = ClusterKit.Create(ForkingClusterInvoker.Name, providers, new ClusterSettings { Forks = 5 });

        await Assert.ThrowsAsync<RpcException>(() => ClusterKit.Client(cluster).ReadAsync(1));

        Assert.All(providers, p => Assert.Equal(1, p.Calls));
    }

    [Fact]
    public async Task When_every_fork_fails_the_error_is_the_last_failure_naming_every_provider()
    {
        var providers = ClusterKit.Providers(Fault.Unavailable, Fault.Deadline);
        providers[1].Hold();
        await using var cluster = ClusterKit.Create(ForkingClusterInvoker.Name, providers);

        var call = ClusterKit.Client(cluster).ReadAsync(1);
        await providers[1].NextCallAsync();
        await ClusterKit.Eventually(() => providers[0].Calls == 1, "the first fork failed");
        providers[1].Release();

        var error = await Assert.ThrowsAsync<RpcException>(() => call);
        Assert.Equal(RpcStatusCode.DeadlineExceeded, error.StatusCode);
        Assert.Contains("failed in all 2 forks", error.Message, StringComparison.Ordinal);
        ClusterAssert.Names(error, "Read", providers, "p1 did not answer in time");
    }

    [Fact]
    public async Task A_business_error_is_an_answer_and_wins_like_a_success()
    {
        var providers = ClusterKit.Providers(Fault.Business, Fault.Hang);
        await using var cluster = ClusterKit.Create(ForkingClusterInvoker.Name, providers);

        var error = await Assert.ThrowsAsync<RpcException>(() => ClusterKit.Client(cluster).ReadAsync(1));

        Assert.Equal(RpcStatusCode.FailedPrecondition, error.StatusCode);
        await providers[1].Cancelled.WaitAsync(ClusterKit.Patience);
    }

    [Fact]
    public async Task The_callers_cancellation_reaches_every_fork()
    {
        var providers = ClusterKit.Providers(Fault.Hang, Fault.Hang);
        await using var cluster = ClusterKit.Create(ForkingClusterInvoker.Name, providers);
        using var cancellation = new CancellationTokenSource();

        var call = ClusterKit.Client(cluster).WaitAsync(1, cancellation.Token);
        await providers[0].NextCallAsync();
        await providers[1].NextCallAsync();
        await cancellation.CancelAsync();

        var error = await Assert.ThrowsAsync<RpcException>(() => call);
        Assert.Equal(RpcStatusCode.Cancelled, error.StatusCode);
        await Task.WhenAll(providers[0].Cancelled, providers[1].Cancelled).WaitAsync(ClusterKit.Patience);
    }

    [Fact]
    public async Task A_win_does_not_cancel_the_callers_own_token()
    {
        var providers = ClusterKit.Providers(Fault.Hang, Fault.None);
        await using var cluster = ClusterKit.Create(ForkingClusterInvoker.Name, providers);
        using var cancellation = new CancellationTokenSource();

        Assert.Equal("p1", await ClusterKit.Client(cluster).WaitAsync(1, cancellation.Token));

        await providers[0].Cancelled.WaitAsync(ClusterKit.Patience);
        Assert.False(cancellation.IsCancellationRequested);
    }
}
