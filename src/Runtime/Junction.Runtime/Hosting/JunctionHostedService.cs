using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Junction.Hosting;

/// <summary>
/// Exports the application's services when the host starts (and withdraws them when it stops), then creates its
/// clients and connects them to their providers.
/// </summary>
internal sealed class JunctionHostedService(
    JunctionRuntime runtime,
    IEnumerable<JunctionBuilder.ServiceRegistration> services,
    IEnumerable<JunctionBuilder.ReferenceRegistration> references,
    IServiceProvider provider) : IHostedService
{
    private static readonly TimeSpan ClientConnectTimeout = TimeSpan.FromSeconds(3);

    private readonly List<JunctionRuntime.ExportedService> _exported = [];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            foreach (var service in services)
            {
                var implementation = service.Resolve(provider);
                _exported.Add(await runtime.ExportAsync(service.Descriptor, implementation, service.Options, cancellationToken).ConfigureAwait(false));
            }

            foreach (var reference in references)
            {
                provider.GetRequiredService(reference.Descriptor.ContractType);
            }

            await runtime.ConnectClientsAsync(ClientConnectTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // The host does not call StopAsync after a failed start: withdraw what was already registered.
            await StopAsync(CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Graceful stop: unregister every service, wait once for consumers to drop them (JunctionOptions.UnregisterDelay,
    /// cut short when the host's stop timeout passes), then stop serving, which drains calls in flight.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        var registered = false;
        for (var i = _exported.Count - 1; i >= 0; i--)
        {
            registered |= await _exported[i].UnregisterAsync().ConfigureAwait(false);
        }

        if (registered)
        {
            await runtime.WaitForConsumersAsync(cancellationToken).ConfigureAwait(false);
        }

        for (var i = _exported.Count - 1; i >= 0; i--)
        {
            await _exported[i].UnexportAsync().ConfigureAwait(false);
        }

        _exported.Clear();
    }
}
