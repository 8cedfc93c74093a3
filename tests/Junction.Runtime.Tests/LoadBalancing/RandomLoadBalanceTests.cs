using Junction.Invocation;
using Junction.LoadBalancing;

namespace Junction.Runtime.Tests.LoadBalancing;

/// <summary>The default balancer: weighted random (Dubbo's RandomLoadBalance).</summary>
public class RandomLoadBalanceTests
{
    [Fact]
    public void Each_provider_is_picked_in_proportion_to_its_weight()
    {
        const int picks = 100_000;
        var time = new FakeTime();
        int[] weights = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100];
        IProviderInvoker[] providers = FakeProvider.Many(time, weights);

        var counts = Calls.Count(new RandomLoadBalance(new Random(1201), time), providers, Calls.Find(1), picks);

        for (var i = 0; i < weights.Length; i++)
        {
            Binomial.AssertNear(counts[i], picks, weights[i] / 550.0, $"provider {i} of weight {weights[i]}");
        }
    }

    [Fact]
    public void Equal_weights_spread_picks_evenly()
    {
        const int picks = 30_000;
        var time = new FakeTime();
        IProviderInvoker[] providers = FakeProvider.Many(time, 100, 100, 100);

        var counts = Calls.Count(new RandomLoadBalance(new Random(1202), time), providers, Calls.Find(1), picks);

        for (var i = 0; i < providers.Length; i++)
        {
            Binomial.AssertNear(counts[i], picks, 1.0 / 3, $"provider {i}");
        }
    }

    [Fact]
    public void A_provider_of_weight_zero_is_never_picked_while_another_has_weight()
    {
        var time = new FakeTime();
        IProviderInvoker[] providers = FakeProvider.Many(time, 0, 100, 0);

        var counts = Calls.Count(new RandomLoadBalance(new Random(1203), time), providers, Calls.Find(1), 10_000);

        Assert.Equal([0, 10_000, 0], counts);
    }

    [Fact]
    public void When_every_weight_is_zero_picks_are_uniform_as_in_Dubbo()
    {
        const int picks = 20_000;
        var time = new FakeTime();
        IProviderInvoker[] providers = FakeProvider.Many(time, 0, 0);

        var counts = Calls.Count(new RandomLoadBalance(new Random(1204), time), providers, Calls.Find(1), picks);

        Binomial.AssertNear(counts[0], picks, 0.5, "first of two weightless providers");
    }

    [Fact]
    public void A_single_provider_is_returned_and_an_empty_array_is_refused()
    {
        var time = new FakeTime();
        IProviderInvoker[] one = FakeProvider.Many(time, 0);
        var balancer = new RandomLoadBalance(new Random(1205), time);

        Assert.Same(one[0], balancer.Select(one, Calls.Find(1)));
        var error = Assert.Throws<ArgumentException>(() => balancer.Select([], Calls.Find(1)));
        Assert.Contains("at least one provider", error.Message);
    }

    [Fact]
    public void A_fresh_array_per_call_is_weighted_the_same_as_a_cached_one()
    {
        // Retries and calls made while a provider is down pass a new array each time (served from scratch tables).
        const int picks = 20_000;
        var time = new FakeTime();
        var providers = FakeProvider.Many(time, 100, 300);
        var balancer = new RandomLoadBalance(new Random(1206), time);

        var first = 0;
        for (var i = 0; i < picks; i++)
        {
            IProviderInvoker[] fresh = [providers[0], providers[1]];
            first += balancer.Select(fresh, Calls.Find(1)) == providers[0] ? 1 : 0;
        }

        Binomial.AssertNear(first, picks, 0.25, "provider of weight 100 against 300, fresh arrays");
    }
}
