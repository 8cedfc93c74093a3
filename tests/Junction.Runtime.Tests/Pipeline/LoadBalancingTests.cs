using System.Globalization;
using Junction.Hosting;
using Junction.Registry;
using Microsoft.Extensions.DependencyInjection;

namespace Junction.Runtime.Tests.Pipeline;

/// <summary>How calls spread over two providers, measured through the real consumer pipeline.</summary>
public class LoadBalancingTests
{
    [Fact]
    public async Task Round_robin_over_two_equal_providers_alternates_strictly()
    {
        var registry = new InMemoryRegistry();
        await using var a = await StartAsync(registry, "a", ServiceInstance.DefaultWeight);
        await using var b = await StartAsync(registry, "b", ServiceInstance.DefaultWeight);
        await using var client = new TestClient<IWhoProbe>(new JunctionClientOptions { Registry = registry, LoadBalance = "roundrobin" });

        var answers = await CallAsync(client.Proxy, 100);

        for (var i = 1; i < answers.Count; i++)
        {
            Assert.True(answers[i] != answers[i - 1], $"calls {i - 1} and {i} both went to {answers[i]}: {string.Join(" ", answers)}");
        }

        Assert.Equal(50, answers.Count(x => x == "a"));
    }

    [Fact]
    public async Task Weighted_round_robin_gives_each_provider_its_weight_in_every_cycle()
    {
        const int light = 100, heavy = 300;
        var registry = new InMemoryRegistry();
        await using var a = await StartAsync(registry, "light", light);
        await using var b = await StartAsync(registry, "heavy", heavy);
        await using var client = new TestClient<IWhoProbe>(new JunctionClientOptions { Registry = registry, LoadBalance = "roundrobin" });

        // Smooth weighted round robin repeats a cycle of (100 + 300) / 100 = 4 picks with each provider in its share.
        const int cycle = (light + heavy) / light;
        var answers = await CallAsync(client.Proxy, cycle * 50);

        for (var start = 0; start < answers.Count; start += cycle)
        {
            var window = answers.Skip(start).Take(cycle).ToList();
            Assert.Equal(1, window.Count(x => x == "light"));
        }
    }

    [Fact]
    public async Task Weighted_random_spreads_calls_in_proportion_to_weight()
    {
        const int light = 100, heavy = 300, calls = 20_000;
        var registry = new InMemoryRegistry();
        await using var a = await StartAsync(registry, "light", light);
        await using var b = await StartAsync(registry, "heavy", heavy);
        await using var client = new TestClient<IWhoProbe>(new JunctionClientOptions { Registry = registry, LoadBalance = "random" });

        var answers = await CallAsync(client.Proxy, calls);

        // The balancer draws from Random.Shared, which cannot be seeded, so the tolerance is 6 binomial standard
        // deviations (about 370 calls here): a false failure has odds of about 1 in 500 million, while ignoring the
        // weights (10,000 each) would miss by more than 13 deviations.
        const double p = (double)light / (light + heavy);
        var expected = calls * p;
        var tolerance = 6 * Math.Sqrt(calls * p * (1 - p));
        var observed = answers.Count(x => x == "light");
        Assert.True(Math.Abs(observed - expected) <= tolerance, $"light got {observed} of {calls} calls; expected {expected} ± {tolerance:0}");
    }

    [Fact]
    public async Task A_provider_still_warming_up_gets_a_small_share_through_its_warmup_metadata()
    {
        const int calls = 20_000;
        var registry = new InMemoryRegistry();
        await using var warm = await StartAsync(registry, "warm", ServiceInstance.DefaultWeight);

        // A day's warm-up: for its first 14 minutes the new provider weighs 1 (the floor) against the other's 100.
        await using var cold = await StartAsync(registry, "cold", ServiceInstance.DefaultWeight, warmupMs: 86_400_000);
        await using var client = new TestClient<IWhoProbe>(new JunctionClientOptions { Registry = registry, LoadBalance = "random" });

        var answers = await CallAsync(client.Proxy, calls);

        // Random.Shared again, so 6 binomial standard deviations (about 84 calls around 198); without warm-up the
        // new provider would get about 10,000.
        const double p = 1.0 / 101;
        var expected = calls * p;
        var tolerance = 6 * Math.Sqrt(calls * p * (1 - p));
        var observed = answers.Count(x => x == "cold");
        Assert.True(Math.Abs(observed - expected) <= tolerance, $"the warming provider got {observed} of {calls} calls; expected {expected:0} ± {tolerance:0}");
    }

    private static async Task<List<string>> CallAsync(IWhoProbe client, int calls)
    {
        var answers = new List<string>(calls);
        for (var i = 0; i < calls; i++)
        {
            answers.Add(await client.WhoAsync());
        }

        return answers;
    }

    /// <summary>
    /// Starts a provider. Its warm-up is off unless given: a provider started a moment ago would otherwise weigh 1 of
    /// its weight for the first minutes (10 minutes' warm-up by default), hiding the weights these tests are about.
    /// </summary>
    private static Task<TestHost> StartAsync(InMemoryRegistry registry, string name, int weight, int warmupMs = 0)
        => TestHost.StartAsync(services =>
        {
            services.AddSingleton(new WhoService(name));
            services.AddJunction(o => o.UseRegistry(registry)).AddRpcService<IWhoProbe, WhoService>(s =>
            {
                s.Weight = weight;
                s.Metadata["warmup"] = warmupMs.ToString(CultureInfo.InvariantCulture);
            });
        });

    private sealed class WhoService(string name) : IWhoProbe
    {
        public Task<string> WhoAsync() => Task.FromResult(name);
    }
}
