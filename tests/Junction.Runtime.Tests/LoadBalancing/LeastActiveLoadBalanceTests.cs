using Junction.Generated.Junction_Runtime_Tests;
using Junction.Invocation;
using Junction.LoadBalancing;

namespace Junction.Runtime.Tests.LoadBalancing;

/// <summary>Least active: the fewest calls of the method in flight wins; ties are split by weight.</summary>
public class LeastActiveLoadBalanceTests
{
    [Fact]
    public void Only_the_providers_with_the_fewest_calls_in_flight_are_picked_evenly_when_weights_are_equal()
    {
        const int picks = 20_000;
        var time = new FakeTime();
        var providers = FakeProvider.Many(time, 100, 100, 100, 100);
        int[] inFlight = [3, 1, 1, 5];
        for (var i = 0; i < providers.Length; i++)
        {
            providers[i].InFlight(BalancerProbeDescriptor.Find, inFlight[i]);
        }

        var counts = Calls.Count(new LeastActiveLoadBalance(new Random(2101), time), providers, Calls.Find(1), picks);

        Assert.Equal(0, counts[0] + counts[3]);
        Binomial.AssertNear(counts[1], picks, 0.5, "first of the two least active");
    }

    [Fact]
    public void Ties_are_split_by_weight_after_warmup()
    {
        const int picks = 40_000;
        var time = new FakeTime();
        var light = FakeProvider.At("10.0.0.1", time.GetUtcNow() - TimeSpan.FromHours(1), 100);
        var heavy = FakeProvider.At("10.0.0.2", time.GetUtcNow() - TimeSpan.FromHours(1), 300);
        var warming = FakeProvider.At("10.0.0.3", time.GetUtcNow() - TimeSpan.FromMinutes(1), 1000); // 10%: weight 100
        var busy = FakeProvider.At("10.0.0.4", time.GetUtcNow() - TimeSpan.FromHours(1), 10_000).InFlight(BalancerProbeDescriptor.Find, 1);
        IProviderInvoker[] providers = [light, heavy, warming, busy];

        var counts = Calls.Count(new LeastActiveLoadBalance(new Random(2102), time), providers, Calls.Find(1), picks);

        Binomial.AssertNear(counts[0], picks, 0.2, "weight 100 among 100 + 300 + 100");
        Binomial.AssertNear(counts[1], picks, 0.6, "weight 300 among 100 + 300 + 100");
        Binomial.AssertNear(counts[2], picks, 0.2, "weight 1000 at 10% of its warm-up");
        Assert.Equal(0, counts[3]);
    }

    [Fact]
    public void Calls_of_other_methods_do_not_count()
    {
        var time = new FakeTime();
        var providers = FakeProvider.Many(time, 100, 100);
        providers[0].InFlight(BalancerProbeDescriptor.Place, 10);
        providers[1].InFlight(BalancerProbeDescriptor.Find, 1);

        var counts = Calls.Count(new LeastActiveLoadBalance(new Random(2103), time), providers, Calls.Find(1), 1_000);

        Assert.Equal([1_000, 0], counts);
    }

    [Fact]
    public void More_providers_than_fit_on_the_stack_are_handled_the_same()
    {
        var time = new FakeTime();
        var providers = FakeProvider.Many(time, Enumerable.Repeat(100, 1_000).ToArray());
        for (var i = 0; i < providers.Length; i++)
        {
            providers[i].InFlight(BalancerProbeDescriptor.Find, i == 700 || i == 900 ? 0 : 2);
        }

        var counts = Calls.Count(new LeastActiveLoadBalance(new Random(2104), time), providers, Calls.Find(1), 2_000);

        Assert.Equal(2_000, counts[700] + counts[900]);
        Binomial.AssertNear(counts[700], 2_000, 0.5, "first of the two idle providers among 1000");
    }
}
