using Junction.Cluster;
using Microsoft.Extensions.Logging;

namespace Junction.Runtime.Tests.Cluster;

/// <summary>
/// failback: the caller gets the default response at once; the failed call is retried in the background every period
/// (a manual clock stands in for the 5 s), given up after its retries, and never dropped or abandoned without a log
/// line and a count.
/// </summary>
public class FailbackClusterTests
{
    private static readonly TimeSpan Period = new ClusterSettings().FailbackPeriod;

    [Fact]
    public async Task The_caller_gets_the_default_at_once_and_the_call_is_retried_on_another_provider_after_the_period()
    {
        await using var rig = Start(Fault.Unavailable, Fault.None);
        var (providers, time, logger, failback) = (rig.Providers, rig.Time, rig.Logger, Failback(rig));

        Assert.Equal("", await rig.Client.WriteAsync(7));
        Assert.Equal(1, failback.Queued);

        time.Advance(Period - TimeSpan.FromMilliseconds(1));
        Assert.Equal(0, providers[1].Calls);

        time.Advance(TimeSpan.FromMilliseconds(1));
        var retried = await providers[1].NextCallAsync();
        await ClusterKit.Eventually(() => failback.Recovered == 1, "the retry succeeded");

        Assert.Equal(7, retried.GetArgument(0));
        Assert.Equal(0, failback.Queued);
        Assert.Equal(0, time.ArmedTimers);
        Assert.Contains(logger.At(LogLevel.Information), e => e.Message.Contains("retry 1 succeeded on " + providers[1].Instance, StringComparison.Ordinal));
    }

    [Fact]
    public async Task After_three_failed_retries_the_call_is_given_up_with_an_error_log_naming_everything_tried()
    {
        await using var rig = Start(Fault.Unavailable, Fault.Unavailable);
        var (providers, time, logger, failback) = (rig.Providers, rig.Time, rig.Logger, Failback(rig));

        await rig.Client.WriteAsync(1);
        for (var retry = 1; retry <= 3; retry++)
        {
            time.Advance(Period);
            await ClusterKit.Eventually(() => providers[0].Calls + providers[1].Calls == 1 + retry, $"retry {retry} was made");
        }

        await ClusterKit.Eventually(() => failback.GivenUp == 1, "the call was given up");
        time.Advance(Period * 10);

        Assert.Equal(["p0", "p1", "p0", "p1"], ClusterKit.CallOrder(providers));
        Assert.Equal(0, failback.Queued);
        Assert.Equal(0, time.ArmedTimers);
        var error = Assert.Single(logger.At(LogLevel.Error));
        Assert.Contains("gave up after 3 background retries", error.Message, StringComparison.Ordinal);
        ClusterAssert.Names(new Exception(error.Message), "Write", providers, "p1 is unreachable");
    }

    [Fact]
    public async Task A_full_queue_drops_the_next_failure_with_an_error_log_and_a_count()
    {
        await using var rig = Start(Fault.Unavailable);
        var (logger, failback, client) = (rig.Logger, Failback(rig), rig.Client);
        var capacity = new ClusterSettings().FailbackQueueSize;

        for (var call = 0; call < capacity; call++)
        {
            await client.NotifyAsync(call);
        }

        Assert.Equal(capacity, failback.Queued);
        Assert.Equal(0, failback.Dropped);
        Assert.Empty(logger.At(LogLevel.Error));

        await client.NotifyAsync(capacity);

        Assert.Equal(capacity, failback.Queued);
        Assert.Equal(1, failback.Dropped);
        var dropped = Assert.Single(logger.At(LogLevel.Error));
        Assert.Contains("Notify", dropped.Message, StringComparison.Ordinal);
        Assert.Contains("dropped", dropped.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_business_error_is_not_queued_for_retry()
    {
        await using var rig = Start(Fault.Business);

        Assert.Equal("", await rig.Client.WriteAsync(1));
        rig.Time.Advance(Period * 4);

        Assert.Equal(0, Failback(rig).Queued);
        Assert.Equal(1, rig.Providers[0].Calls);
    }

    [Fact]
    public async Task A_retry_that_meets_a_business_error_gives_up_at_once()
    {
        await using var rig = Start(Fault.Business);
        var (providers, time, logger, failback) = (rig.Providers, rig.Time, rig.Logger, Failback(rig));
        providers[0].FailNext(1, Fault.Unavailable);

        await rig.Client.WriteAsync(1);
        time.Advance(Period);
        await ClusterKit.Eventually(() => failback.GivenUp == 1, "the call was given up");
        time.Advance(Period * 4);

        Assert.Equal(2, providers[0].Calls);
        Assert.Contains("out of stock", Assert.Single(logger.At(LogLevel.Error)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Disposing_the_client_stops_the_retries_and_logs_and_counts_every_call_still_queued()
    {
        await using var rig = Start(Fault.Unavailable);
        var (providers, time, logger, failback) = (rig.Providers, rig.Time, rig.Logger, Failback(rig));
        await rig.Client.WriteAsync(1);
        await rig.Client.ReadAsync(2);

        await rig.DisposeAsync();
        time.Advance(Period * 4);

        Assert.Equal(2, failback.Abandoned);
        Assert.Equal(0, failback.Queued);
        Assert.Equal(0, time.ArmedTimers);
        Assert.Equal(2, providers[0].Calls);
        var errors = logger.At(LogLevel.Error);
        Assert.Equal(2, errors.Count);
        Assert.All(errors, e => Assert.Contains("disposed", e.Message, StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Message.Contains("method Write ", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Message.Contains("method Read ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Retries_wait_the_configured_period_and_stop_at_the_configured_count()
    {
        await using var rig = Start(new ClusterSettings { FailbackPeriod = TimeSpan.FromSeconds(1), FailbackRetries = 1 }, Fault.Unavailable);

        await rig.Client.WriteAsync(1);
        rig.Time.Advance(TimeSpan.FromSeconds(1));
        await ClusterKit.Eventually(() => Failback(rig).GivenUp == 1, "the call was given up after one retry");

        Assert.Equal(2, rig.Providers[0].Calls);
    }

    private static ClusterRig Start(params Fault[] faults) => new(FailbackClusterInvoker.Name, new ClusterSettings(), faults);

    private static ClusterRig Start(ClusterSettings settings, params Fault[] faults) => new(FailbackClusterInvoker.Name, settings, faults);

    private static FailbackClusterInvoker Failback(ClusterRig rig) => (FailbackClusterInvoker)rig.Cluster;
}
