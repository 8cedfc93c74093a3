using Junction.Invocation;
using Junction.LoadBalancing;

namespace Junction.Runtime.Tests.LoadBalancing;

/// <summary>Consistent hash: ketama MD5 ring, 160 points per provider, key = text of the hash arguments.</summary>
public class ConsistentHashLoadBalanceTests
{
    private const int Keys = 10_000;

    [Fact]
    public void The_same_key_always_goes_to_the_same_provider_whatever_the_array_order_or_balancer_instance()
    {
        var providers = Providers(10);
        var reversed = providers.Reverse().ToArray();
        var first = new ConsistentHashLoadBalance();
        var second = new ConsistentHashLoadBalance();

        for (var key = 0; key < 1_000; key++)
        {
            var owner = first.Select(providers, Calls.Find(key));
            Assert.Same(owner, first.Select(providers, Calls.Find(key)));
            Assert.Same(owner, second.Select(reversed, Calls.Find(key)));
        }
    }

    [Fact]
    public void Keys_spread_over_all_providers()
    {
        // 160 points each: a provider's share of the ring is 1/10 give or take about 1/√160 ≈ 8% of that, so
        // 6%–14% is 5 such deviations either way.
        var providers = Providers(10);
        var owners = OwnersOf(new ConsistentHashLoadBalance(), providers);

        foreach (var provider in providers)
        {
            var share = owners.Count(o => o == provider) / (double)Keys;
            Assert.InRange(share, 0.06, 0.14);
        }
    }

    [Fact]
    public void Adding_one_provider_to_ten_moves_about_one_key_in_eleven_and_each_to_the_new_provider()
    {
        var providers = Providers(11);
        var balancer = new ConsistentHashLoadBalance();
        var before = OwnersOf(balancer, providers[..10]);
        var after = OwnersOf(balancer, providers);

        var moved = 0;
        for (var key = 0; key < Keys; key++)
        {
            if (after[key] != before[key])
            {
                moved++;
                Assert.Same(providers[10], after[key]);
            }
        }

        // The new provider takes its share of the ring: 1/11 ≈ 9.1%, give or take ≈ 8% of that for 160 points (as
        // above), plus sampling error of 10,000 keys (≈ 0.3%): 6%–12.5% holds 4 deviations of both together, while
        // a ring that rehashed everything would move ~91%.
        Assert.InRange(moved / (double)Keys, 0.06, 0.125);
    }

    [Fact]
    public void A_call_passing_fewer_providers_lands_where_a_ring_of_just_those_would_put_it()
    {
        // The cluster passes fewer providers when one is down or a retry leaves it out; only that provider's keys move.
        var providers = Providers(10);
        IProviderInvoker[] withoutFourth = [.. providers.Where((_, i) => i != 3)];
        var balancer = new ConsistentHashLoadBalance();
        var full = OwnersOf(balancer, providers);
        var fresh = OwnersOf(new ConsistentHashLoadBalance(), withoutFourth);

        for (var key = 0; key < Keys; key++)
        {
            var owner = balancer.Select(withoutFourth, Calls.Find(key));
            Assert.Same(fresh[key], owner);
            if (full[key] != providers[3])
            {
                Assert.Same(full[key], owner);
            }
        }
    }

    [Fact]
    public void HashArguments_picks_the_arguments_the_key_is_made_of()
    {
        var providers = Providers(10);
        var balancer = new ConsistentHashLoadBalance();
        var regions = new HashSet<IProviderInvoker>();

        for (var key = 1L; key <= 500; key++)
        {
            // Place hashes its second argument only: the region makes no difference, and the key text equals Find's.
            var owner = balancer.Select(providers, Calls.Find(key));
            Assert.Same(owner, balancer.Select(providers, Calls.Place("eu-west", key)));
            Assert.Same(owner, balancer.Select(providers, Calls.Place("ap-south", key)));

            // Move hashes both arguments one after the other (and skips index 7, which it does not have).
            Assert.Same(balancer.Select(providers, Calls.Find((key * 100) + 42)), balancer.Select(providers, Calls.Move(key.ToString(System.Globalization.CultureInfo.InvariantCulture), "42")));
            regions.Add(balancer.Select(providers, Calls.Place(key.ToString(System.Globalization.CultureInfo.InvariantCulture), 7)));
        }

        Assert.Single(regions);
    }

    [Fact]
    public void A_method_without_arguments_sends_every_call_to_one_provider()
    {
        var providers = Providers(10);
        var balancer = new ConsistentHashLoadBalance();

        Assert.Single(Enumerable.Range(0, 100).Select(_ => balancer.Select(providers, Calls.Ping())).Distinct());
    }

    [Fact]
    public void The_key_hash_is_the_first_ketama_word_of_the_MD5_of_the_argument_text_as_in_Dubbo()
    {
        // MD5("1234") = 81dc9bdb 52d04dc2 0036dbd8 313ed055; the first word read little-endian.
        Assert.Equal(0xDB9BDC81u, ConsistentHashLoadBalance.Hash(Calls.Find(1234)));
        Assert.Equal(0x04030201u, HashRing.Point([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16], 0));
        Assert.Equal(0x100F0E0Du, HashRing.Point([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16], 3));
    }

    [Fact]
    public void A_long_argument_is_hashed_whole()
    {
        var providers = Providers(10);
        var balancer = new ConsistentHashLoadBalance();
        var longKey = new string('k', 5_000);

        var owner = balancer.Select(providers, Calls.Move(longKey, "x"));

        Assert.Same(owner, balancer.Select(providers, Calls.Move(longKey[..2_500], longKey[2_500..] + "x")));
        Assert.NotEqual(ConsistentHashLoadBalance.Hash(Calls.Move(longKey, "x")), ConsistentHashLoadBalance.Hash(Calls.Move(longKey, "y")));
    }

    [Fact]
    public void Each_provider_has_160_points_on_the_ring()
    {
        var points = HashRing.PointsOf("10.0.0.1:20880", ConsistentHashLoadBalance.DefaultVirtualNodes);

        Assert.Equal(160, points.Length);
        Assert.Equal(160, points.Distinct().Count());
    }

    private static IProviderInvoker[] Providers(int count) => FakeProvider.Many(new FakeTime(), Enumerable.Repeat(100, count).ToArray());

    private static IProviderInvoker[] OwnersOf(ConsistentHashLoadBalance balancer, IProviderInvoker[] providers)
        => [.. Enumerable.Range(0, Keys).Select(key => balancer.Select(providers, Calls.Find(key)))];
}
