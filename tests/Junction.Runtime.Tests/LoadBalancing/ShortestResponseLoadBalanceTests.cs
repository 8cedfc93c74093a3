using Junction.Generated.Junction_Runtime_Tests;
using Junction.Invocation;
using Junction.LoadBalancing;
using static Junction.Runtime.Tests.LoadBalancing.FakeTime;

namespace Junction.Runtime.Tests.LoadBalancing;

/// <summary>Shortest response: recent average response time × (calls in flight + 1), lowest wins.</summary>
public class ShortestResponseLoadBalanceTests
{
    [Fact]
    public void The_provider_with_the_shorter_recent_average_wins()
    {
        var time = new FakeTime();
        var providers = FakeProvider.Many(time, 100, 100, 100);
        providers[0].Finished(BalancerProbeDescriptor.Find, time, 10 * Ms, calls: 20);
        providers[1].Finished(BalancerProbeDescriptor.Find, time, 2 * Ms, calls: 20);
        providers[2].Finished(BalancerProbeDescriptor.Find, time, 3 * Ms, calls: 20);

        var counts = Calls.Count(Balancer(time), providers, Calls.Find(1), 1_000);

        Assert.Equal([0, 1_000, 0], counts);
    }

    [Fact]
    public void Calls_in_flight_multiply_the_estimate()
    {
        var time = new FakeTime();
        var providers = FakeProvider.Many(time, 100, 100);
        providers[0].Finished(BalancerProbeDescriptor.Find, time, 2 * Ms, calls: 20).InFlight(BalancerProbeDescriptor.Find, 9); // 2 ms × 10
        providers[1].Finished(BalancerProbeDescriptor.Find, time, 10 * Ms, calls: 20); // 10 ms × 1

        var counts = Calls.Count(Balancer(time), providers, Calls.Find(1), 1_000);

        Assert.Equal([0, 1_000], counts);
    }

    [Fact]
    public void Calls_older_than_the_window_stop_counting()
    {
        var time = new FakeTime();
        var providers = FakeProvider.Many(time, 100, 100);
        providers[0].Finished(BalancerProbeDescriptor.Find, time, 5 * Ms, calls: 100);
        providers[1].Finished(BalancerProbeDescriptor.Find, time, 50 * Ms, calls: 100);
        var balancer = Balancer(time);
        Assert.Same(providers[0], balancer.Select(providers, Calls.Find(1)));

        // 20 s later the second provider has become fast. Over all time it still averages 45 ms; over the 30 s window,
        // which has moved on by half a window since the slow calls, it averages 1 ms.
        time.Advance(TimeSpan.FromSeconds(20));
        providers[0].Finished(BalancerProbeDescriptor.Find, time, 5 * Ms, calls: 10);
        providers[1].Finished(BalancerProbeDescriptor.Find, time, 1 * Ms, calls: 10);

        Assert.Same(providers[1], balancer.Select(providers, Calls.Find(1)));
    }

    [Fact]
    public void Providers_without_successful_calls_estimate_zero_and_are_split_by_weight()
    {
        const int picks = 20_000;
        var time = new FakeTime();
        var providers = FakeProvider.Many(time, 100, 300, 100);
        providers[2].Finished(BalancerProbeDescriptor.Find, time, 1 * Ms);

        var counts = Calls.Count(Balancer(time, seed: 3104), providers, Calls.Find(1), picks);

        Binomial.AssertNear(counts[0], picks, 0.25, "weight 100 against 300, neither with calls");
        Assert.Equal(0, counts[2]);
    }

    [Fact]
    public void Failed_calls_do_not_count_as_responses()
    {
        var time = new FakeTime();
        var providers = FakeProvider.Many(time, 100, 100);
        providers[0].Finished(BalancerProbeDescriptor.Find, time, 3 * Ms, calls: 10);
        providers[0].Finished(BalancerProbeDescriptor.Find, time, 1 * Ms, calls: 50, succeeded: false);
        providers[1].Finished(BalancerProbeDescriptor.Find, time, 2 * Ms, calls: 10);

        Assert.Same(providers[1], Balancer(time).Select(providers, Calls.Find(1)));
    }

    private static ShortestResponseLoadBalance Balancer(FakeTime time, int seed = 3100) => new(random: new Random(seed), time: time);
}
