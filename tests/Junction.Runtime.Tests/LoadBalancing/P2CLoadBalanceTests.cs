using Junction.Generated.Junction_Runtime_Tests;
using Junction.Invocation;
using Junction.LoadBalancing;
using static Junction.Runtime.Tests.LoadBalancing.FakeTime;

namespace Junction.Runtime.Tests.LoadBalancing;

/// <summary>Power of two choices on (calls in flight + 1) × smoothed latency; weights settle ties.</summary>
public class P2CLoadBalanceTests
{
    [Fact]
    public void Of_two_providers_with_the_same_latency_the_less_loaded_always_wins()
    {
        var time = new FakeTime();
        var providers = FakeProvider.Many(time, 100, 100);
        providers[0].Finished(BalancerProbeDescriptor.Find, time, 2 * Ms).InFlight(BalancerProbeDescriptor.Find, 3);
        providers[1].Finished(BalancerProbeDescriptor.Find, time, 2 * Ms).InFlight(BalancerProbeDescriptor.Find, 1);

        Assert.Equal([0, 1_000], Calls.Count(Balancer(time), providers, Calls.Find(1), 1_000));
    }

    [Fact]
    public void Of_two_equally_loaded_providers_the_faster_always_wins()
    {
        var time = new FakeTime();
        var providers = FakeProvider.Many(time, 100, 100);
        providers[0].Finished(BalancerProbeDescriptor.Find, time, 1 * Ms, calls: 5);
        providers[1].Finished(BalancerProbeDescriptor.Find, time, 3 * Ms, calls: 5);

        Assert.Equal([1_000, 0], Calls.Count(Balancer(time), providers, Calls.Find(1), 1_000));
    }

    [Fact]
    public void Among_ten_the_one_idle_provider_wins_each_draw_it_is_in_and_only_those()
    {
        // Two of ten are drawn, so the idle provider is in a draw with probability 2/10 and wins all of them; the busy
        // nine share the rest. Always sending to the idle one (least active) would give it everything.
        const int picks = 50_000;
        var time = new FakeTime();
        var providers = FakeProvider.Many(time, Enumerable.Repeat(100, 10).ToArray());
        foreach (var provider in providers)
        {
            provider.Finished(BalancerProbeDescriptor.Find, time, 1 * Ms).InFlight(BalancerProbeDescriptor.Find, provider == providers[4] ? 0 : 4);
        }

        var counts = Calls.Count(Balancer(time), providers, Calls.Find(1), picks);

        Binomial.AssertNear(counts[4], picks, 0.2, "the idle provider");
        Binomial.AssertNear(counts[0], picks, 0.8 / 9, "a busy provider");
    }

    [Fact]
    public void Equal_costs_are_settled_by_a_coin_weighted_by_the_two_weights()
    {
        const int picks = 20_000;
        var time = new FakeTime();
        var providers = FakeProvider.Many(time, 100, 300);

        var counts = Calls.Count(Balancer(time), providers, Calls.Find(1), picks);

        Binomial.AssertNear(counts[0], picks, 0.25, "weight 100 against 300, no figures yet");
    }

    [Fact]
    public void Equal_costs_with_figures_are_settled_by_the_weighted_coin_too()
    {
        const int picks = 20_000;
        var time = new FakeTime();
        var providers = FakeProvider.Many(time, 300, 100);
        providers[0].Finished(BalancerProbeDescriptor.Find, time, 2 * Ms).InFlight(BalancerProbeDescriptor.Find, 1);
        providers[1].Finished(BalancerProbeDescriptor.Find, time, 2 * Ms).InFlight(BalancerProbeDescriptor.Find, 1);

        var counts = Calls.Count(Balancer(time), providers, Calls.Find(1), picks);

        Binomial.AssertNear(counts[0], picks, 0.75, "weight 300 against 100 at equal cost");
    }

    [Fact]
    public void A_provider_of_weight_zero_loses_every_draw_against_one_with_weight()
    {
        var time = new FakeTime();
        var providers = FakeProvider.Many(time, 0, 100);
        providers[0].Finished(BalancerProbeDescriptor.Find, time, 1 * Ms);
        providers[1].Finished(BalancerProbeDescriptor.Find, time, 9 * Ms).InFlight(BalancerProbeDescriptor.Find, 5);

        Assert.Equal([0, 1_000], Calls.Count(Balancer(time), providers, Calls.Find(1), 1_000));
    }

    [Fact]
    public void A_new_provider_still_warming_up_gets_its_warmup_share_while_both_are_idle()
    {
        const int picks = 20_000;
        var time = new FakeTime();
        var old = FakeProvider.At("10.0.0.1", time.GetUtcNow() - TimeSpan.FromHours(1)).Finished(BalancerProbeDescriptor.Find, time, 1 * Ms);
        var fresh = FakeProvider.At("10.0.0.2", time.GetUtcNow() - TimeSpan.FromMinutes(1)); // weight 10 of 100
        IProviderInvoker[] providers = [old, fresh];

        var counts = Calls.Count(Balancer(time), providers, Calls.Find(1), picks);

        Binomial.AssertNear(counts[1], picks, 10 / 110.0, "the provider 1 minute into its warm-up");
    }

    [Fact]
    public void A_provider_without_a_latency_figure_competes_on_calls_in_flight()
    {
        var time = new FakeTime();
        var providers = FakeProvider.Many(time, 100, 100);
        providers[0].Finished(BalancerProbeDescriptor.Find, time, 50 * Ms);
        var balancer = Balancer(time);

        // The new provider borrows the other's 50 ms instead of looking infinitely fast …
        providers[1].InFlight(BalancerProbeDescriptor.Find, 2);
        Assert.Same(providers[0], balancer.Select(providers, Calls.Find(1)));

        // … so it wins once it has fewer calls in flight.
        providers[0].InFlight(BalancerProbeDescriptor.Find, 3);
        Assert.Same(providers[1], balancer.Select(providers, Calls.Find(1)));
    }

    [Fact]
    public void A_provider_that_was_slow_is_tried_again_once_its_latency_has_faded()
    {
        var time = new FakeTime();
        var providers = FakeProvider.Many(time, 100, 100);
        providers[0].Finished(BalancerProbeDescriptor.Find, time, 100 * Ms);
        providers[1].Finished(BalancerProbeDescriptor.Find, time, 1 * Ms);
        var balancer = Balancer(time);
        Assert.Same(providers[1], balancer.Select(providers, Calls.Find(1)));

        // The fast one keeps answering in 1 ms, once a second; the slow one gets nothing and its 100 ms fades.
        for (var second = 0; second < 60; second++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            providers[1].Finished(BalancerProbeDescriptor.Find, time, 1 * Ms);
        }

        Assert.Same(providers[0], balancer.Select(providers, Calls.Find(1)));
    }

    private static P2CLoadBalance Balancer(FakeTime time) => new(new Random(4100), time);
}
