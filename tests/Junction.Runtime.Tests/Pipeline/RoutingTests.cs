using Junction.Configuration;
using Junction.Contracts;
using Junction.Hosting;
using Junction.Invocation;
using Junction.Registry;
using Junction.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Junction.Runtime.Tests.Pipeline;

/// <summary>Routing through the whole consumer pipeline: rules from a config source, request tags, tags across hops.</summary>
public class RoutingTests
{
    private static readonly string RuleKey = RoutingRules.ServiceKeyOf(ContractRegistry.Get<IWhoProbe>()) + ".condition-router";

    [Fact]
    public async Task Rules_swapped_under_load_apply_to_the_next_call_and_no_call_fails()
    {
        var registry = new InMemoryRegistry();
        await using var a = await StartWho(registry, "a", "zone=a");
        await using var b = await StartWho(registry, "b", "zone=b");
        await using var c = await StartWho(registry, "c", "zone=c");
        var source = new InMemoryConfigSource();
        var options = new JunctionClientOptions { Registry = registry, LoadBalance = "roundrobin" };
        options.Routing.ConfigSource = source;
        await using var client = new TestClient<IWhoProbe>(options);
        Assert.Equal(3, (await Answers(client.Proxy, 30)).Distinct().Count());

        using var stop = new CancellationTokenSource();
        var failures = 0;
        var calls = 0;
        var load = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    await client.Proxy.WhoAsync();
                    Interlocked.Increment(ref calls);
                }
                catch (RpcException)
                {
                    Interlocked.Increment(ref failures);
                }
            }
        })).ToArray();

        string[][] allowed = [["a"], ["b", "c"], ["c"], ["a", "b"]];
        for (var round = 0; round < 40; round++)
        {
            // Each swap lands while the callers are calling: wait until they made calls since the last one.
            await CallsAfter(() => Volatile.Read(ref calls), Volatile.Read(ref calls));
            var zones = allowed[round % allowed.Length];
            source.Set(RuleKey, $"configVersion: v3.0\nscope: service\nkey: {RuleKey}\nconditions:\n  - \"=> zone={string.Join(",", zones)}\"\n");
            foreach (var answer in await Answers(client.Proxy, 6))
            {
                Assert.Contains(answer, zones);
            }
        }

        source.Remove(RuleKey);
        Assert.Equal(3, (await Answers(client.Proxy, 30)).Distinct().Count());
        await stop.CancelAsync();
        await Task.WhenAll(load);
        Assert.Equal(0, failures);
        Assert.True(calls >= 40, $"only {calls} calls under load");
    }

    /// <summary>Waits (yielding, no sleep) until the load made a call after <paramref name="before"/> calls.</summary>
    private static async Task CallsAfter(Func<int> calls, int before)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (calls() <= before)
        {
            Assert.True(DateTime.UtcNow < deadline, "the callers made no call for 30 s");
            await Task.Yield();
        }
    }

    [Fact]
    public async Task A_rule_that_does_not_parse_is_refused_and_the_previous_rule_stays()
    {
        var registry = new InMemoryRegistry();
        await using var a = await StartWho(registry, "a", "zone=a");
        await using var b = await StartWho(registry, "b", "zone=b");
        var source = new InMemoryConfigSource();
        var options = new JunctionClientOptions { Registry = registry };
        options.Routing.ConfigSource = source;
        await using var client = new TestClient<IWhoProbe>(options);

        source.Set(RuleKey, "conditions:\n  - \"=> zone=b\"\n");
        source.Set(RuleKey, "conditions:\n  - \"zone = => zone=a\"\n");

        Assert.All(await Answers(client.Proxy, 20), answer => Assert.Equal("b", answer));
    }

    [Fact]
    public async Task A_blacklist_fails_calls_naming_the_rule_and_the_providers_that_went_in()
    {
        var registry = new InMemoryRegistry();
        await using var a = await StartWho(registry, "a", "zone=a");
        await using var b = await StartWho(registry, "b", "zone=b");
        var source = new InMemoryConfigSource();
        var options = new JunctionClientOptions { Registry = registry };
        options.Routing.ConfigSource = source;
        await using var client = new TestClient<IWhoProbe>(options);

        source.Set(RuleKey, "conditions:\n  - \"method=Who => false\"\n");

        var error = await Assert.ThrowsAsync<RpcException>(() => client.Proxy.WhoAsync());
        Assert.Contains("routing left no provider", error.Message, StringComparison.Ordinal);
        Assert.Contains(RuleKey, error.Message, StringComparison.Ordinal);
        Assert.Contains("received 2 provider(s)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Code_conditions_and_consumer_parameters_route_without_a_config_source()
    {
        var registry = new InMemoryRegistry();
        await using var a = await StartWho(registry, "a", "region=east");
        await using var b = await StartWho(registry, "b", "region=west");
        var options = new JunctionClientOptions { Registry = registry };
        options.Parameters["region"] = "west";
        options.Conditions.Add(ConditionRule.Parse("=> region=$region"));
        await using var client = new TestClient<IWhoProbe>(options);

        Assert.All(await Answers(client.Proxy, 20), answer => Assert.Equal("b", answer));
    }

    [Fact]
    public async Task A_request_tag_set_in_scope_reaches_tagged_providers_and_untagged_calls_never_do()
    {
        var registry = new InMemoryRegistry();
        await using var plain = await StartWho(registry, "plain");
        await using var gray = await StartWho(registry, "gray", "dubbo.tag=gray");
        await using var client = new TestClient<IWhoProbe>(new JunctionClientOptions { Registry = registry });

        Assert.All(await Answers(client.Proxy, 20), answer => Assert.Equal("plain", answer));
        using (RpcContext.WithAttachment("dubbo.tag", "gray"))
        {
            Assert.All(await Answers(client.Proxy, 20), answer => Assert.Equal("gray", answer));
        }

        // A tag nobody has falls back to untagged providers unless forced.
        using (RpcContext.WithAttachment("dubbo.tag", "blue"))
        {
            Assert.All(await Answers(client.Proxy, 10), answer => Assert.Equal("plain", answer));
            using (RpcContext.WithAttachment("dubbo.force.tag", "true"))
            {
                var error = await Assert.ThrowsAsync<RpcException>(() => client.Proxy.WhoAsync());
                Assert.Contains("routing left no provider", error.Message, StringComparison.Ordinal);
            }
        }
    }

    [Theory]
    [InlineData(true, "gray")]
    [InlineData(false, "plain")]
    public async Task The_request_tag_travels_to_the_next_hop_only_when_propagation_is_on(bool propagate, string expected)
    {
        var registry = new InMemoryRegistry();
        await using var plain = await StartWho(registry, "plain");
        await using var gray = await StartWho(registry, "gray", "dubbo.tag=gray");
        await using var relay = await TestHost.StartAsync(services =>
        {
            services.AddSingleton<Relay>();
            services.AddJunction(o =>
                {
                    o.UseRegistry(registry);
                    o.Routing.PropagateTag = propagate;
                })
                .AddRpcClient<IWhoProbe>()
                .AddRpcService<IRelayProbe, Relay>();
        });
        await using var client = new TestClient<IRelayProbe>(new JunctionClientOptions { Registry = registry });

        using (RpcContext.WithAttachment("dubbo.tag", "gray"))
        {
            for (var i = 0; i < 10; i++)
            {
                Assert.Equal(expected, await client.Proxy.RelayAsync());
            }
        }
    }

    private static async Task<List<string>> Answers(IWhoProbe proxy, int count)
    {
        var answers = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            answers.Add(await proxy.WhoAsync());
        }

        return answers;
    }

    private static Task<TestHost> StartWho(InMemoryRegistry registry, string name, params string[] metadata)
        => TestHost.StartAsync(services =>
        {
            services.AddSingleton(new NamedWho(name));
            services.AddJunction(o => o.UseRegistry(registry)).AddRpcService<IWhoProbe, NamedWho>(s =>
            {
                foreach (var pair in metadata.Select(m => m.Split('=', 2)))
                {
                    s.Metadata[pair[0]] = pair[1];
                }
            });
        });

    private sealed class NamedWho(string name) : IWhoProbe
    {
        public Task<string> WhoAsync() => Task.FromResult(name);
    }

    /// <summary>A provider that serves each call by calling <see cref="IWhoProbe"/>: the second hop.</summary>
    private sealed class Relay(IWhoProbe who) : IRelayProbe
    {
        public Task<string> RelayAsync() => who.WhoAsync();
    }
}

/// <summary>A provider that calls another service while serving: for request-tag propagation across hops.</summary>
[RpcService(Protocol = "inproc")]
public interface IRelayProbe
{
    Task<string> RelayAsync();
}
