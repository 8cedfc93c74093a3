using Junction.Hosting;
using Junction.Registry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Junction.Runtime.Tests.Pipeline;

/// <summary>
/// A started generic host that a test disposes with <c>await using</c>: disposing stops it (withdrawing its providers)
/// and then releases it, even when the test failed half way.
/// </summary>
internal sealed class TestHost : IAsyncDisposable
{
    private readonly IHost _host;
    private bool _stopped;

    private TestHost(IHost host) => _host = host;

    public IServiceProvider Services => _host.Services;

    public static async Task<TestHost> StartAsync(Action<IServiceCollection> configure)
    {
        // No defaults: no appsettings.json file watchers or console logging per test host.
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        configure(builder.Services);
        var host = builder.Build();
        try
        {
            await host.StartAsync();
        }
        catch
        {
            host.Dispose();
            throw;
        }

        return new TestHost(host);
    }

    /// <summary>Starts a host exporting <paramref name="implementation"/> as a provider of <typeparamref name="TContract"/>.</summary>
    public static Task<TestHost> StartProviderAsync<TContract, TImplementation>(InMemoryRegistry registry, TImplementation implementation, int weight = ServiceInstance.DefaultWeight)
        where TContract : class
        where TImplementation : class, TContract
        => StartAsync(services =>
        {
            // Registered first, so AddRpcService exports this instance instead of creating one.
            services.AddSingleton(implementation);
            services.AddJunction(o => o.UseRegistry(registry)).AddRpcService<TContract, TImplementation>(s => s.Weight = weight);
        });

    /// <summary>Starts a host with a client of <typeparamref name="TContract"/>; <see cref="Services"/> resolves it.</summary>
    public static Task<TestHost> StartConsumerAsync<TContract>(InMemoryRegistry registry, Action<ReferenceOptions>? configure = null)
        where TContract : class
        => StartAsync(services => services.AddJunction(o => o.UseRegistry(registry)).AddRpcClient<TContract>(configure));

    public async Task StopAsync()
    {
        if (!_stopped)
        {
            _stopped = true;
            await _host.StopAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        finally
        {
            if (_host is IAsyncDisposable asyncDisposable)
            {
                await asyncDisposable.DisposeAsync();
            }
            else
            {
                _host.Dispose();
            }
        }
    }
}

/// <summary>A client made with <see cref="JunctionClient.Create{TContract}"/>, disposed with <c>await using</c>.</summary>
internal sealed class TestClient<TContract> : IAsyncDisposable
    where TContract : class
{
    public TestClient(JunctionClientOptions options) => Proxy = JunctionClient.Create<TContract>(options);

    public TContract Proxy { get; }

    public ValueTask DisposeAsync() => ((IAsyncDisposable)Proxy).DisposeAsync();
}
