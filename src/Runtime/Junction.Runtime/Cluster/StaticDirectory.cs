using Junction.Contracts;
using Junction.Invocation;

namespace Junction.Cluster;

/// <summary>A fixed list of providers, for direct connections and tests.</summary>
public sealed class StaticDirectory : IDirectory
{
    /// <summary>Creates a directory over a fixed list.</summary>
    public StaticDirectory(ServiceDescriptor service, IEnumerable<IProviderInvoker> invokers)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(invokers);
        Service = service;
        Providers = new ProviderList(invokers.ToArray(), 1);
    }

    /// <inheritdoc />
    public ServiceDescriptor Service { get; }

    /// <inheritdoc />
    public ProviderList Providers { get; }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var invoker in Providers.Invokers)
        {
            await invoker.DisposeAsync().ConfigureAwait(false);
        }
    }
}
