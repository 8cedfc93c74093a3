using Junction.Invocation;

namespace Junction.Cluster;

/// <summary>
/// An immutable snapshot of a directory's providers. <see cref="Version"/> grows with every change, so routers and
/// load balancers can cache work per snapshot.
/// </summary>
public sealed class ProviderList
{
    /// <summary>The empty list, version 0.</summary>
    public static ProviderList Empty { get; } = new([], 0);

    /// <summary>Creates a snapshot.</summary>
    public ProviderList(IProviderInvoker[] invokers, long version)
    {
        ArgumentNullException.ThrowIfNull(invokers);
        Invokers = invokers;
        Version = version;
    }

    /// <summary>The providers (do not modify).</summary>
    public IProviderInvoker[] Invokers { get; }

    /// <summary>Grows by one or more with every change.</summary>
    public long Version { get; }
}
