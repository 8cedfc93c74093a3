using Junction.Generated.Junction_Runtime_Tests;
using Junction.Invocation;
using Junction.LoadBalancing;

namespace Junction.Runtime.Tests.LoadBalancing;

/// <summary>Smooth weighted round robin (nginx's, Dubbo's since 2.7).</summary>
public class RoundRobinLoadBalanceTests
{
    [Fact]
    public void Weights_1_2_3_give_the_smooth_sequence_C_B_A_C_B_C_and_repeat()
    {
        // What the algorithm of Dubbo's RoundRobinLoadBalance (and nginx) gives: scores 1,2,3 → C; -3+3… The
        // reference notes write "A,B,C,B,C,C" for these weights, which has the right counts but is not the order that
        // code produces (it keeps the first of equal scores, so the third pick is A, not C).
        var time = new FakeTime();
        var providers = FakeProvider.Many(time, 1, 2, 3);
        var balancer = new RoundRobinLoadBalance(time: time);

        Assert.Equal("CBACBCCBACBC", Sequence(balancer, providers, 12));
    }

    [Fact]
    public void Equal_weights_rotate_strictly()
    {
        var time = new FakeTime();
        var providers = FakeProvider.Many(time, 100, 100, 100);
        var balancer = new RoundRobinLoadBalance(time: time);

        Assert.Equal("ABCABCABC", Sequence(balancer, providers, 9));
    }

    [Fact]
    public void Every_cycle_of_total_weight_picks_gives_each_provider_exactly_its_weight()
    {
        var time = new FakeTime();
        int[] weights = [5, 1, 7, 3];
        IProviderInvoker[] providers = FakeProvider.Many(time, weights);
        var balancer = new RoundRobinLoadBalance(time: time);

        for (var cycle = 0; cycle < 20; cycle++)
        {
            Assert.Equal(weights, Calls.Count(balancer, providers, Calls.Find(1), weights.Sum()));
        }
    }

    [Fact]
    public void Each_method_has_its_own_rotation()
    {
        var time = new FakeTime();
        var providers = FakeProvider.Many(time, 100, 100);
        var balancer = new RoundRobinLoadBalance(time: time);

        var find = balancer.Select(providers, Calls.Find(1));
        var place = balancer.Select(providers, Calls.Place("eu", 1));

        Assert.Same(providers[0], find);
        Assert.Same(providers[0], place);
    }

    [Fact]
    public void A_warming_provider_gets_its_ramped_weight_in_every_cycle()
    {
        var time = new FakeTime();
        var warming = FakeProvider.At("10.0.0.1", time.GetUtcNow() - TimeSpan.FromMinutes(2.5)); // 25%: weight 25
        var warm = FakeProvider.At("10.0.0.2", time.GetUtcNow() - TimeSpan.FromHours(1));
        IProviderInvoker[] providers = [warming, warm];
        var balancer = new RoundRobinLoadBalance(time: time);

        Assert.Equal([25, 100], Calls.Count(balancer, providers, Calls.Find(1), 125));
    }

    [Fact]
    public void A_provider_left_out_keeps_its_score_for_a_minute_then_it_is_dropped()
    {
        var time = new FakeTime();
        var providers = FakeProvider.Many(time, 100, 100, 100);
        var balancer = new RoundRobinLoadBalance(time: time);
        balancer.Select(providers, Calls.Find(1));

        // A retry that leaves the third provider out: its score stays, it may be back on the next call.
        balancer.Select([providers[0], providers[1]], Calls.Find(1));
        Assert.Equal(3, balancer.ScoresKept(BalancerProbeDescriptor.Find));

        // More than a minute later the next change of provider array drops it (Dubbo's RECYCLE_PERIOD).
        time.Advance(TimeSpan.FromSeconds(61));
        balancer.Select([providers[0], providers[1]], Calls.Find(1));
        Assert.Equal(2, balancer.ScoresKept(BalancerProbeDescriptor.Find));
    }

    /// <summary>The next <paramref name="picks"/> picks, the first provider written A, the second B, and so on.</summary>
    private static string Sequence(ILoadBalancer balancer, IProviderInvoker[] providers, int picks)
        => string.Concat(Enumerable.Range(0, picks).Select(_ => (char)('A' + Array.IndexOf(providers, balancer.Select(providers, Calls.Find(1))))));
}
