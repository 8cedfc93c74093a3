using Junction.Contracts;

namespace Junction.Cluster;

/// <summary>The providers of one service a consumer may call (Dubbo's Directory).</summary>
public interface IDirectory : IAsyncDisposable
{
    /// <summary>The service.</summary>
    ServiceDescriptor Service { get; }

    /// <summary>The current snapshot of providers.</summary>
    ProviderList Providers { get; }
}
