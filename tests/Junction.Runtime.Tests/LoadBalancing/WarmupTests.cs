using Junction.Invocation;
using Junction.LoadBalancing;

namespace Junction.Runtime.Tests.LoadBalancing;

/// <summary>Warm-up (Dubbo's getWeight): a new provider's weight ramps from 1 to its configured weight over 10 minutes.</summary>
public class WarmupTests
{
    [Theory]
    [InlineData(0, 1)] // just started: the floor, so it still gets the odd call
    [InlineData(150_000, 25)] // 25% of the warm-up
    [InlineData(300_000, 50)] // 50%
    [InlineData(450_000, 75)]
    [InlineData(599_999, 99)]
    [InlineData(600_000, 100)] // 100%: warm
    [InlineData(86_400_000, 100)]
    [InlineData(-5_000, 1)] // start time ahead of this clock: Dubbo's 1
    public void Weight_ramps_linearly_from_1_to_the_full_weight_over_the_warmup(long uptimeMs, int expected)
        => Assert.Equal(expected, Warmup.Weight(100, uptimeMs, Warmup.DefaultMilliseconds));

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void A_weight_of_zero_or_less_is_zero_whatever_the_uptime(int weight)
    {
        Assert.Equal(0, Warmup.Weight(weight, 1_000, Warmup.DefaultMilliseconds));
        Assert.Equal(0, Warmup.Weight(weight, 10_000_000, Warmup.DefaultMilliseconds));
    }

    [Theory]
    [InlineData(null, 5)] // default 10 minutes: 30 s is 5%
    [InlineData("60000", 50)] // a one-minute warm-up: 30 s is half
    [InlineData("0", 100)] // warm-up off
    [InlineData("soon", 5)] // not a number: the default
    public void The_warmup_metadata_key_sets_the_period_in_milliseconds(string? warmup, int expected)
    {
        var time = new FakeTime();
        var metadata = warmup is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["warmup"] = warmup };
        var provider = FakeProvider.At("10.0.0.1", time.GetUtcNow(), 100, metadata);
        time.Advance(TimeSpan.FromSeconds(30));

        var table = new WeightTables(time).For([provider]);

        Assert.Equal(expected, table.Weight(0));
    }

    [Fact]
    public void A_balancer_follows_the_ramp_as_the_clock_moves_with_the_same_provider_array()
    {
        const int picks = 20_000;
        var time = new FakeTime();
        var warming = FakeProvider.At("10.0.0.1", time.GetUtcNow());
        var warm = FakeProvider.At("10.0.0.2", time.GetUtcNow() - TimeSpan.FromHours(1));
        IProviderInvoker[] providers = [warming, warm];
        var balancer = new RandomLoadBalance(new Random(7001), time);

        // The same array every time, as a directory hands it out: the cached weights must move with the clock.
        foreach (var (elapsed, weight) in new[] { (0, 1), (150_000, 25), (300_000, 50), (600_000, 100) })
        {
            time.Advance(TimeSpan.FromMilliseconds(elapsed) - (time.GetUtcNow() - warming.Instance.StartTime));
            var counts = Calls.Count(balancer, providers, Calls.Find(1), picks);
            Binomial.AssertNear(counts[0], picks, weight / (weight + 100.0), $"warming provider at {elapsed} ms of 600000");
        }
    }

    [Fact]
    public void Weights_are_computed_once_per_provider_array_while_every_provider_is_warm()
    {
        var time = new FakeTime();
        IProviderInvoker[] providers = FakeProvider.Many(time, 100, 200);
        var tables = new WeightTables(time);

        tables.For(providers); // first sight: a per-thread scratch table
        var cached = tables.For(providers);
        time.Advance(TimeSpan.FromDays(1));

        Assert.Same(cached, tables.For(providers));
        Assert.Equal(200, cached.Weight(1));
    }

    [Fact]
    public void A_cached_table_is_replaced_when_a_warming_provider_reaches_its_next_weight()
    {
        var time = new FakeTime();
        IProviderInvoker[] providers = [FakeProvider.At("10.0.0.1", time.GetUtcNow())];
        var tables = new WeightTables(time);
        tables.For(providers);
        var cached = tables.For(providers);

        // Weight 100 over 600 s steps up every 6 s: still 1 just before the first step, 2 at 12 s.
        time.Advance(TimeSpan.FromMilliseconds(5_999));
        Assert.Same(cached, tables.For(providers));
        time.Advance(TimeSpan.FromMilliseconds(6_001));
        var refreshed = tables.For(providers);

        Assert.NotSame(cached, refreshed);
        Assert.Equal(2, refreshed.Weight(0));
    }
}
