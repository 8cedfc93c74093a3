using Junction.Generated.Junction_Runtime_Tests;
using Junction.Invocation;
using static Junction.Runtime.Tests.LoadBalancing.FakeTime;

namespace Junction.Runtime.Tests.LoadBalancing;

/// <summary>The figures balancers read from a provider's statistics: smoothed latency and the recent average.</summary>
public class CallStatsTests
{
    [Fact]
    public void The_first_call_sets_the_latency_and_each_later_one_moves_it_an_eighth_of_the_way()
    {
        var time = new FakeTime();
        var provider = FakeProvider.Many(time, 100)[0].Finished(BalancerProbeDescriptor.Find, time, 8 * Ms);
        var stats = provider.Stats.For(BalancerProbeDescriptor.Find);
        Assert.Equal(time.Ticks(8 * Ms), stats.Latency(time.GetTimestamp()));

        provider.Finished(BalancerProbeDescriptor.Find, time, 16 * Ms);

        Assert.Equal(time.Ticks(9 * Ms), stats.Latency(time.GetTimestamp()), 1);
    }

    [Fact]
    public void Failed_calls_count_in_the_latency_with_the_time_they_took()
    {
        var time = new FakeTime();
        var provider = FakeProvider.Many(time, 100)[0].Finished(BalancerProbeDescriptor.Find, time, 8 * Ms);

        provider.Finished(BalancerProbeDescriptor.Find, time, 808 * Ms, succeeded: false);

        Assert.Equal(time.Ticks(108 * Ms), provider.Stats.For(BalancerProbeDescriptor.Find).Latency(time.GetTimestamp()), 1);
    }

    [Fact]
    public void The_latency_fades_by_e_every_ten_seconds_without_a_finished_call()
    {
        var time = new FakeTime();
        var provider = FakeProvider.Many(time, 100)[0].Finished(BalancerProbeDescriptor.Find, time, 10 * Ms);
        var stats = provider.Stats.For(BalancerProbeDescriptor.Find);

        time.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(time.Ticks(10 * Ms) / Math.E, stats.Latency(time.GetTimestamp()), 1);
    }

    [Fact]
    public void The_recent_average_steps_forward_by_half_a_window()
    {
        var time = new FakeTime();
        var window = time.Ticks(TimeSpan.FromSeconds(30));
        var provider = FakeProvider.Many(time, 100)[0].Finished(BalancerProbeDescriptor.Find, time, 50 * Ms, calls: 10);
        var stats = provider.Stats.For(BalancerProbeDescriptor.Find);
        Assert.Equal(time.Ticks(50 * Ms), RecentAverage(stats, time, window));

        // 10 s later, within the same half window, both kinds of call count …
        time.Advance(TimeSpan.FromSeconds(10));
        provider.Finished(BalancerProbeDescriptor.Find, time, 10 * Ms, calls: 10);
        Assert.Equal(time.Ticks(30 * Ms), RecentAverage(stats, time, window));

        // … at 15 s the window steps on and the calls from before the previous half window's start are out …
        time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(time.Ticks(10 * Ms), RecentAverage(stats, time, window));

        // … and after another half window without calls the average is 0, as after Dubbo's reset.
        time.Advance(TimeSpan.FromSeconds(15));
        Assert.Equal(0, RecentAverage(stats, time, window));
    }

    [Fact]
    public void Every_attempt_updates_the_method_and_the_total()
    {
        var stats = new ProviderStats(BalancerProbeDescriptor.Service.Methods.Count);

        var started = stats.Begin(BalancerProbeDescriptor.Find);
        Assert.Equal(1, stats.For(BalancerProbeDescriptor.Find).Active);
        stats.End(BalancerProbeDescriptor.Find, started, succeeded: true);

        foreach (var calls in new[] { stats.For(BalancerProbeDescriptor.Find), stats.Total })
        {
            Assert.Equal(0, calls.Active);
            Assert.Equal(1, calls.Succeeded);
            Assert.True(calls.Latency(started) > 0);
        }

        Assert.Equal(0, stats.For(BalancerProbeDescriptor.Place).Succeeded);
    }

    private static double RecentAverage(CallStats stats, FakeTime time, long window)
    {
        stats.StepWindow(time.GetTimestamp(), window / 2);
        return stats.RecentAverageTicks;
    }
}
