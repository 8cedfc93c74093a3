using Junction.Configuration;
using Junction.Hosting;
using Junction.Registry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Junction.Scripting.Tests;

/// <summary>A script rule pushed to a config source steers a real client's calls, and its removal lets them spread again.</summary>
public class ScriptRoutingEndToEndTests
{
    [Fact]
    public async Task A_script_rule_from_the_config_source_routes_calls_and_removing_it_restores_all_providers()
    {
        var registry = new InMemoryRegistry();
        using var east = await StartProvider(registry, "east");
        using var west = await StartProvider(registry, "west");
        var source = new InMemoryConfigSource();
        var options = new JunctionClientOptions { Registry = registry, LoadBalance = "roundrobin" };
        options.Routing.ConfigSource = source;
        options.Routing.RuleFactories.Add(new ScriptRouterFactory());
        var client = JunctionClient.Create<IRouteProbe>(options);
        try
        {
            source.Set("probe-provider.script-router", """
                configVersion: v3.0
                key: probe-provider
                type: csharp
                script: |
                  return Providers.Where(p => p.Metadata["region"] == (string)Argument(1)!);
                """);

            for (var i = 0; i < 10; i++)
            {
                Assert.Equal("west", (await client.FindAsync(i, "west")).Text);
                Assert.Equal("east", (await client.FindAsync(i, "east")).Text);
            }

            source.Remove("probe-provider.script-router");
            var answers = new HashSet<string>();
            for (var i = 0; i < 10; i++)
            {
                answers.Add((await client.FindAsync(i, "west")).Text);
            }

            Assert.Equal(["east", "west"], answers.Order());
        }
        finally
        {
            await ((IAsyncDisposable)client).DisposeAsync();
            await east.StopAsync();
            await west.StopAsync();
        }
    }

    private static async Task<IHost> StartProvider(InMemoryRegistry registry, string region)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddSingleton(new RegionProbe(region));
        builder.Services.AddJunction(o =>
            {
                o.Application = "probe-provider";
                o.UseRegistry(registry);
            })
            .AddRpcService<IRouteProbe, RegionProbe>(s => s.Metadata["region"] = region);
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    private sealed class RegionProbe(string region) : IRouteProbe
    {
        public ValueTask<ProbeReply> FindAsync(long userId, string region1) => ValueTask.FromResult(new ProbeReply(region));

        public ValueTask<ProbeReply> ListAsync(string category) => ValueTask.FromResult(new ProbeReply(region));
    }
}
