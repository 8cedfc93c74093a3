using Junction.Contracts;
using Microsoft.Extensions.Logging.Abstractions;

namespace Junction.Hosting;

/// <summary>Creates clients without dependency injection.</summary>
public static class JunctionClient
{
    /// <summary>
    /// Creates a client of <typeparamref name="TContract"/> that finds providers in <paramref name="options"/>' registry.
    /// The client implements <see cref="IAsyncDisposable"/>; dispose it to release its connections.
    /// </summary>
    /// <exception cref="RpcException">No generated code exists for the contract (the message says which package to add).</exception>
    public static TContract Create<TContract>(JunctionClientOptions? options = null)
        where TContract : class
    {
        options ??= new JunctionClientOptions();
        var descriptor = ContractRegistry.Get<TContract>();
        var application = new JunctionOptions
        {
            Registry = options.Registry,
            DefaultTimeoutMs = options.DefaultTimeoutMs,
            RegistryCacheFolder = options.RegistryCacheFolder,
            RegistryGracePeriod = options.RegistryGracePeriod,
        };
        CopyTcp(options.Tcp, application.Tcp);
        options.Routing.CopyTo(application.Routing);
        options.Security.CopyTo(application.Security);
        application.PropagateDeadline = options.PropagateDeadline;
        application.Observability.Metrics = options.Observability.Metrics;
        application.Observability.Tracing = options.Observability.Tracing;
        application.Observability.Monitor = options.Observability.Monitor;
        if (options.Application is not null)
        {
            application.Application = options.Application;
        }

        var runtime = new JunctionRuntime(application, options.LoggerFactory ?? NullLoggerFactory.Instance);
        // The client owns its runtime: disposing the client flushes the registry cache file and closes the registry.
        return (TContract)runtime.CreateClient(descriptor, options, owner: runtime);
    }

    private static void CopyTcp(Protocols.Tcp.TcpOptions from, Protocols.Tcp.TcpOptions to)
    {
        to.MaxMessageSize = from.MaxMessageSize;
        to.HeartbeatIntervalMs = from.HeartbeatIntervalMs;
        to.ReconnectMinDelayMs = from.ReconnectMinDelayMs;
        to.ReconnectMaxDelayMs = from.ReconnectMaxDelayMs;
    }
}
