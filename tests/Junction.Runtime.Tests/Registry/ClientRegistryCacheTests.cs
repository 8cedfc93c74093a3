using Junction.Contracts;
using Junction.Hosting;
using Junction.Runtime.Tests.Pipeline;
using Microsoft.Extensions.DependencyInjection;
using static Junction.Runtime.Tests.Registry.RegistryTestSupport;

namespace Junction.Runtime.Tests.Registry;

/// <summary>A client made without DI keeps a registry cache file like a hosted consumer, and disposing it writes the file.</summary>
public class ClientRegistryCacheTests
{
    [Fact]
    public async Task Disposing_a_client_made_without_di_writes_its_registry_cache_file()
    {
        using var folder = new TempFolder();
        var registry = new FakeRegistry();
        await using var provider = await TestHost.StartAsync(services =>
        {
            services.AddSingleton(new WhoService("cached"));
            services.AddJunction(o => { o.UseRegistry(registry); o.RegistryCacheFolder = null; o.UnregisterDelay = TimeSpan.Zero; })
                .AddRpcService<IWhoProbe, WhoService>();
        });

        var client = JunctionClient.Create<IWhoProbe>(new JunctionClientOptions
        {
            Registry = registry,
            Application = "plain-client-" + Guid.NewGuid().ToString("N"),
            RegistryCacheFolder = folder.Path,
        });
        Assert.Equal("cached", await client.WhoAsync().WaitAsync(HangGuard));
        await ((IAsyncDisposable)client).DisposeAsync();

        var file = Assert.Single(folder.Files);
        Assert.Contains(registry.Current(ContractRegistry.Get<IWhoProbe>().ServiceKey).Single().Host, await File.ReadAllTextAsync(file), StringComparison.Ordinal);
    }

    [Fact]
    public void A_client_with_a_wrong_grace_period_is_refused_naming_the_setting()
    {
        var error = Assert.Throws<InvalidOperationException>(() => JunctionClient.Create<IWhoProbe>(new JunctionClientOptions
        {
            Registry = new FakeRegistry(),
            RegistryGracePeriod = TimeSpan.FromSeconds(-1),
        }));

        Assert.Contains("RegistryGracePeriod", error.Message, StringComparison.Ordinal);
    }

    private sealed class WhoService(string name) : IWhoProbe
    {
        public Task<string> WhoAsync() => Task.FromResult(name);
    }
}
