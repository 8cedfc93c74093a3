using Junction.Bench.Contract;
using Junction.Contracts;
using Junction.Registry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Junction.Bench.Targets;

/// <summary>
/// The Junction provider: a generic host without defaults (no logging, no configuration sources) exporting
/// <see cref="BenchService"/> on tcp 127.0.0.1 with a port the operating system chooses, and on inproc.
/// </summary>
internal sealed class JunctionProvider : IAsyncDisposable
{
    private readonly IHost _host;

    private JunctionProvider(IHost host, InMemoryRegistry registry, int port)
    {
        _host = host;
        Registry = registry;
        Port = port;
    }

    /// <summary>
    /// The registry the provider registered in: its own, so the registered tcp instance (which carries the port the
    /// OS chose) is the only one, and inproc consumers in this process find this provider.
    /// </summary>
    public InMemoryRegistry Registry { get; }

    /// <summary>The tcp port the provider listens on.</summary>
    public int Port { get; }

    /// <summary>Starts provider <paramref name="number"/> of the run (it stamps the number on its responses).</summary>
    public static async Task<JunctionProvider> StartAsync(int number = 0)
    {
        var registry = new InMemoryRegistry();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddSingleton(new BenchProviderNumber(number));
        builder.Services.AddJunction(o =>
            {
                o.Application = "junction-bench-provider";
                o.UseRegistry(registry);
                o.Tcp.Host = "127.0.0.1";
                o.Tcp.Port = 0;
            })
            .AddRpcService<IBenchService, BenchService>();
        var host = builder.Build();
        try
        {
            await host.StartAsync().ConfigureAwait(false);
            var serviceKey = ContractRegistry.Get<IBenchService>().ServiceKey;
            foreach (var instance in registry.GetInstances(serviceKey))
            {
                if (instance.Protocol == "tcp")
                {
                    return new JunctionProvider(host, registry, instance.Port);
                }
            }

            throw new InvalidOperationException($"The provider started but registered no tcp instance of {serviceKey}.");
        }
        catch
        {
            await host.StopAsync().ConfigureAwait(false);
            host.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync().ConfigureAwait(false);
        _host.Dispose();
    }
}
