using Junction.Registry;
using Microsoft.Extensions.Logging;

namespace Junction.Hosting;

/// <summary>Settings for a client made without dependency injection (<see cref="JunctionClient.Create{TContract}"/>).</summary>
public sealed class JunctionClientOptions : ReferenceOptions
{
    /// <summary>Where providers are found. Default: <see cref="InMemoryRegistry.Shared"/>.</summary>
    public IRegistry Registry { get; set; } = InMemoryRegistry.Shared;

    /// <summary>The calling application's name. Default: the entry assembly's name.</summary>
    public string? Application { get; set; }

    /// <summary>The timeout of methods whose contract sets none (default 1000 ms).</summary>
    public int DefaultTimeoutMs { get; set; } = 1000;

    /// <summary>Settings of the <c>tcp</c> protocol (heartbeats, reconnects, message size).</summary>
    public Protocols.Tcp.TcpOptions Tcp { get; } = new();

    /// <summary>Routing: where rules come from, C# script rules, routers of your own, request-tag propagation.</summary>
    public RoutingOptions Routing { get; } = new();

    /// <summary>Request signatures: set <see cref="SecurityOptions.AccessKey"/> and <see cref="SecurityOptions.SecretKey"/> to sign calls.</summary>
    public SecurityOptions Security { get; } = new();

    /// <summary>Metrics and tracing of this client's calls (on by default; they cost nothing until a listener attaches).</summary>
    public ObservabilityOptions Observability { get; } = new();

    /// <summary>Gives calls made while serving another at most the time it has left (see <see cref="JunctionOptions.PropagateDeadline"/>).</summary>
    public bool PropagateDeadline { get; set; }

    /// <summary>
    /// The folder of the local registry cache file (see <see cref="JunctionOptions.RegistryCacheFolder"/>); null keeps
    /// none. Set <see cref="Application"/> too: the file is named after it.
    /// </summary>
    public string? RegistryCacheFolder { get; set; } = JunctionOptions.DefaultRegistryCacheFolder();

    /// <summary>How long the client waits for the registry's first list before it uses the cache file (default 3 s).</summary>
    public TimeSpan RegistryGracePeriod { get; set; } = ReliableRegistry.DefaultGracePeriod;

    /// <summary>Where the client logs. Default: nowhere.</summary>
    public ILoggerFactory? LoggerFactory { get; set; }
}
