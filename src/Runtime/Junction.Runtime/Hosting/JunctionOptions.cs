using Junction.Protocols.Tcp;
using Junction.Registry;

namespace Junction.Hosting;

/// <summary>Application-wide settings of Junction (<c>AddJunction(o => ...)</c>).</summary>
public class JunctionOptions
{
    /// <summary>The application name, used in registry metadata and by routing rules. Default: the entry assembly's name.</summary>
    public string Application { get; set; } = System.Reflection.Assembly.GetEntryAssembly()?.GetName().Name ?? "junction-app";

    /// <summary>
    /// Where providers register and consumers look them up. Default: <see cref="InMemoryRegistry.Shared"/>, which only
    /// reaches applications in the same process.
    /// </summary>
    public IRegistry Registry { get; set; } = InMemoryRegistry.Shared;

    /// <summary>The timeout of calls whose contract and reference set none (Dubbo's default, 1000 ms).</summary>
    public int DefaultTimeoutMs { get; set; } = 1000;

    /// <summary>The retries of failover calls to idempotent methods whose contract and reference set none (Dubbo's default, 2).</summary>
    public int DefaultRetries { get; set; } = 2;

    /// <summary>Settings of the <c>tcp</c> protocol (server address and port, limits, heartbeats, reconnects).</summary>
    public TcpOptions Tcp { get; } = new();

    /// <summary>Routing: rule sources, extra kinds of rules (C# scripts), routers of your own, request-tag propagation.</summary>
    public RoutingOptions Routing { get; } = new();

    /// <summary>Request signatures (HMAC-SHA256) and per-consumer access control.</summary>
    public SecurityOptions Security { get; } = new();

    /// <summary>Metrics, tracing and the per-minute monitor.</summary>
    public ObservabilityOptions Observability { get; } = new();

    /// <summary>Filters every reference of this application runs (after the built-in ones), in order.</summary>
    public IList<Filters.IFilter> ConsumerFilters { get; } = new List<Filters.IFilter>();

    /// <summary>Filters every exported service of this application runs (after the built-in ones), in order.</summary>
    public IList<Filters.IFilter> ProviderFilters { get; } = new List<Filters.IFilter>();

    /// <summary>
    /// Gives calls a provider makes while serving a call at most the time that call has left (Dubbo's
    /// <c>enable-timeout-countdown</c>), and fails them at once when none is left (<c>DeadlineExceeded</c>) or while the
    /// served call is cancelled (<c>Cancelled</c>: its consumer cancelled it or gave up). Default false, as in Dubbo.
    /// </summary>
    public bool PropagateDeadline { get; set; }

    /// <summary>
    /// The folder of the local registry cache file, <c>{Application}.registry.json</c>: the last provider list of every
    /// service this application consumes, used when it starts while the registry is unreachable (Dubbo's
    /// <c>~/.dubbo/dubbo-registry-*.cache</c>). Default: <c>Junction/registry-cache</c> under the user's local
    /// application data (<c>~/.junction/registry-cache</c> where there is none); null disables the file. Not used with an
    /// <see cref="InMemoryRegistry"/>, which cannot be unreachable.
    /// </summary>
    public string? RegistryCacheFolder { get; set; } = DefaultRegistryCacheFolder();

    /// <summary>
    /// How long a consumer waits for the registry's first provider list before it uses the local cache file (when the
    /// registry does not report the failure sooner). Default 3 s.
    /// </summary>
    public TimeSpan RegistryGracePeriod { get; set; } = ReliableRegistry.DefaultGracePeriod;

    /// <summary>
    /// How long a stopping provider keeps serving after it unregistered, so that consumers drop it before it stops taking
    /// calls; then calls in flight drain and the server closes. Default 2 s; zero stops at once. No wait with an
    /// <see cref="InMemoryRegistry"/>: it tells its consumers before unregistering returns.
    /// </summary>
    public TimeSpan UnregisterDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The clock of registry timers and the stop sequence; tests replace it.</summary>
    internal TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>What extensions created for this application (see <see cref="IApplicationComponent"/>).</summary>
    internal List<IApplicationComponent> Components { get; } = [];

    /// <summary>Uses <paramref name="registry"/> for registration and discovery.</summary>
    public JunctionOptions UseRegistry(IRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        Registry = registry;
        return this;
    }

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(Application))
        {
            throw new InvalidOperationException("JunctionOptions.Application is empty; set it to the name of this application.");
        }

        if (DefaultTimeoutMs <= 0)
        {
            throw new InvalidOperationException($"JunctionOptions.DefaultTimeoutMs is {DefaultTimeoutMs}; it must be a positive number of milliseconds.");
        }

        if (DefaultRetries < 0)
        {
            throw new InvalidOperationException($"JunctionOptions.DefaultRetries is {DefaultRetries}; it must be 0 or more.");
        }

        if (RegistryCacheFolder is not null && string.IsNullOrWhiteSpace(RegistryCacheFolder))
        {
            throw new InvalidOperationException("JunctionOptions.RegistryCacheFolder is blank; set a folder for the registry cache file, or null to keep none.");
        }

        if (RegistryGracePeriod <= TimeSpan.Zero || RegistryGracePeriod > MaxDelay)
        {
            throw new InvalidOperationException($"JunctionOptions.RegistryGracePeriod is {RegistryGracePeriod}; it must be more than zero and at most {MaxDelay}.");
        }

        if (UnregisterDelay < TimeSpan.Zero || UnregisterDelay > MaxDelay)
        {
            throw new InvalidOperationException($"JunctionOptions.UnregisterDelay is {UnregisterDelay}; it must be between zero (stop at once) and {MaxDelay}.");
        }

        Tcp.Validate();
        Security.Validate();
        Routing.Validate();
        if (Registry is null)
        {
            throw new InvalidOperationException("JunctionOptions.Registry is null; call UseRegistry(...) or leave the default.");
        }
    }

    private static readonly TimeSpan MaxDelay = TimeSpan.FromHours(1);

    internal static string? DefaultRegistryCacheFolder()
    {
        var local = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData);
        if (!string.IsNullOrEmpty(local))
        {
            return Path.Combine(local, "Junction", "registry-cache");
        }

        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return string.IsNullOrEmpty(home) ? null : Path.Combine(home, ".junction", "registry-cache");
    }
}
