using Junction.Configuration;
using Junction.Contracts;
using Junction.Hosting;
using Junction.Registry;
using Junction.Registry.Override;
using Junction.Routing;
using Junction.Runtime.Tests.Pipeline;
using Microsoft.Extensions.DependencyInjection;
using static Junction.Runtime.Tests.Registry.RegistryTestSupport;

namespace Junction.Runtime.Tests.Override;

/// <summary>Overrides through real hosts and a real client: the config source the routing rules come from also carries them.</summary>
public class OverrideHostTests
{
    private static readonly string RuleKey = RoutingRules.ServiceKeyOf(ContractRegistry.Get<IWhoProbe>()) + OverrideDocument.KeySuffix;

    [Fact]
    public async Task Disabling_one_of_two_providers_sends_every_call_to_the_other_until_the_rule_is_deleted()
    {
        var registry = new InMemoryRegistry();
        await using var a = await StartWho(registry, "a", "a");
        await using var b = await StartWho(registry, "b", "b");
        var source = new InMemoryConfigSource();
        var options = new JunctionClientOptions { Registry = registry, LoadBalance = "roundrobin" };
        options.Routing.ConfigSource = source;
        await using var client = new TestClient<IWhoProbe>(options);
        Assert.Equal(["a", "b"], (await Answers(client.Proxy, 10)).Distinct().Order());

        source.Set(RuleKey, $$$"""
            configVersion: v3.0
            scope: service
            key: {{{ContractRegistry.Get<IWhoProbe>().ServiceKey}}}
            configs:
              - side: consumer
                match:
                  param:
                    - key: zone
                      value: {exact: a}
                parameters:
                  disabled: true
            """);

        Assert.All(await Answers(client.Proxy, 30), answer => Assert.Equal("b", answer));

        source.Remove(RuleKey);

        var deadline = DateTime.UtcNow + HangGuard;
        while (await client.Proxy.WhoAsync().WaitAsync(HangGuard) != "a")
        {
            Assert.True(DateTime.UtcNow < deadline, "provider a never answered again after the rule was deleted");
        }

        Assert.Equal(["a", "b"], (await Answers(client.Proxy, 10)).Distinct().Order());
    }

    private static async Task<List<string>> Answers(IWhoProbe proxy, int count)
    {
        var answers = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            answers.Add(await proxy.WhoAsync().WaitAsync(HangGuard));
        }

        return answers;
    }

    private static Task<TestHost> StartWho(InMemoryRegistry registry, string name, string zone)
        => TestHost.StartAsync(services =>
        {
            services.AddSingleton(new Who(name));
            services.AddJunction(o => o.UseRegistry(registry)).AddRpcService<IWhoProbe, Who>(s => s.Metadata["zone"] = zone);
        });

    private sealed class Who(string name) : IWhoProbe
    {
        public Task<string> WhoAsync() => Task.FromResult(name);
    }
}
