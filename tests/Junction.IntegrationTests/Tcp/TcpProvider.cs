using Junction.Contracts;
using Junction.Hosting;
using Junction.Protocols.Tcp;
using Junction.Registry;
using Junction.TestProvider;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Junction.IntegrationTests.Tcp;

/// <summary>
/// A provider host in this process, serving <see cref="IEchoService"/> over tcp on 127.0.0.1 and a port the system
/// picks. Disposing it stops the host (gracefully) and releases it, even when the test failed half way.
/// </summary>
internal sealed class TcpProvider : IAsyncDisposable
{
    private readonly IHost _host;
    private int _stopped;

    private TcpProvider(IHost host, TestEchoService service, InMemoryRegistry registry, int port)
    {
        _host = host;
        Service = service;
        Registry = registry;
        Port = port;
    }

    public TestEchoService Service { get; }

    public InMemoryRegistry Registry { get; }

    public int Port { get; }

    /// <summary>The direct address for <see cref="ReferenceOptions.Url"/>.</summary>
    public string Url => $"tcp://127.0.0.1:{Port}";

    public static async Task<TcpProvider> StartAsync(
        TestEchoService service,
        Action<TcpOptions>? configureTcp = null,
        InMemoryRegistry? registry = null,
        ILoggerProvider? logs = null)
    {
        registry ??= new InMemoryRegistry();
        // No defaults: no configuration file watchers or console logging per provider.
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        if (logs is not null)
        {
            builder.Logging.AddProvider(logs).SetMinimumLevel(LogLevel.Debug);
        }

        builder.Services.AddSingleton(service);
        builder.Services.AddJunction(o =>
            {
                o.Application = service.Name;
                o.UseRegistry(registry);
                o.Tcp.Host = "127.0.0.1";
                o.Tcp.Port = 0;
                configureTcp?.Invoke(o.Tcp);
            })
            .AddRpcService<IEchoService, TestEchoService>();
        var host = builder.Build();
        var before = registry.GetInstances(ServiceKey).Select(i => i.Port).ToHashSet();
        try
        {
            await host.StartAsync();
        }
        catch
        {
            host.Dispose();
            throw;
        }

        var port = registry.GetInstances(ServiceKey).Single(i => !before.Contains(i.Port)).Port;
        return new TcpProvider(host, service, registry, port);
    }

    public static string ServiceKey => ContractRegistry.Get<IEchoService>().ServiceKey;

    /// <summary>Stops the host: withdraws the provider, then stops the tcp server gracefully.</summary>
    public Task StopAsync() => Interlocked.Exchange(ref _stopped, 1) == 0 ? _host.StopAsync() : Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        finally
        {
            _host.Dispose();
        }
    }
}
