using System.Net;
using Junction.Consul.Http;
using Junction.Consul.Registry;
using Junction.Registry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Junction.Consul;

/// <summary>
/// A registry on Consul, through the local agent's HTTP API. A provider is a Consul service instance with a TTL check
/// kept passing by heartbeats; consumers follow blocking <c>health/service?passing</c> queries.
/// </summary>
/// <remarks>
/// <para>Naming: the Consul service name is the interface name made DNS-compatible (<c>Demo.IGreeter</c> ⇒
/// <c>demo-igreeter</c>); every version and group of an interface shares it and is told apart by the tags
/// <c>version=…</c> and <c>group=…</c> (queried with <c>?tag=</c>) and the meta entry <c>_key</c> (the exact service key).
/// The instance ID is <c>{name}-{host}-{port}-{protocol}</c>, plus a hash of the service key when it has a version or
/// group.</para>
/// <para>Metadata: Consul meta keys allow only <c>[A-Za-z0-9_-]</c>; other characters are escaped as <c>_</c> and hex
/// (<c>dubbo.tag</c> ⇒ <c>dubbo_2Etag</c>, <c>_</c> ⇒ <c>__</c>) and read back unescaped. Weight, start time
/// (milliseconds) and protocol travel in the entries <c>_weight</c>, <c>_start</c>, <c>_protocol</c>.</para>
/// <para>Health: the TTL check (<see cref="ConsulOptions.CheckTtl"/>) starts passing and is passed every third of the
/// TTL; a crashed provider turns critical (no longer listed) after the TTL and is removed after
/// <see cref="ConsulOptions.DeregisterCriticalServiceAfter"/>. An agent that forgot the registration (restart) gets it
/// again at the next heartbeat.</para>
/// </remarks>
public sealed class ConsulRegistry : IRegistry, IRegistryHealth, IAsyncDisposable, Junction.Hosting.IApplicationComponent
{
    private readonly ConsulHttp _http;
    private ILogger _logger;
    private bool _ownLogger;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Heartbeat> _heartbeats = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ServiceWatch> _watches = new(StringComparer.Ordinal);
    private bool _disposed;

    /// <summary>Creates a registry on the agent <paramref name="options"/> name; the options are validated and copied.</summary>
    public ConsulRegistry(ConsulOptions options, ILoggerFactory? loggerFactory = null)
        : this(new ConsulHttp(ConsulOptions.ValidatedCopy(options)), loggerFactory)
    {
    }

    internal ConsulRegistry(ConsulHttp http, ILoggerFactory? loggerFactory)
    {
        _http = http.Acquire();
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<ConsulRegistry>();
        _ownLogger = loggerFactory is not null;
    }

    /// <inheritdoc />
    public event Action<string, Exception>? SubscriptionFailed;

    /// <summary>The settings in use.</summary>
    public ConsulOptions Options => _http.Options;

    internal ConsulHttp Http => _http;

    /// <inheritdoc />
    public async ValueTask RegisterAsync(ServiceInstance instance, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var registration = InstanceCodec.ToRegistration(instance, Options);
        await Heartbeat.RegisterAsync(_http, registration, cancellationToken).ConfigureAwait(false);
        var heartbeat = new Heartbeat(_http, registration, _logger);
        Heartbeat? replaced;
        lock (_gate)
        {
            _heartbeats.Remove(registration.Id!, out replaced);
            _heartbeats[registration.Id!] = heartbeat;
        }

        heartbeat.Start();
        if (replaced is not null)
        {
            await replaced.StopAsync().ConfigureAwait(false);
        }

        _logger.LogInformation("Registered {Instance} of {Service} in Consul as {ServiceId}", instance, instance.ServiceKey, registration.Id);
    }

    /// <inheritdoc />
    public async ValueTask UnregisterAsync(ServiceInstance instance, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instance);
        var id = ConsulServiceName.InstanceId(instance.ServiceKey, instance.Host, instance.Port, instance.Protocol);
        Heartbeat? heartbeat;
        lock (_gate)
        {
            _heartbeats.Remove(id, out heartbeat);
        }

        if (heartbeat is not null)
        {
            await heartbeat.StopAsync().ConfigureAwait(false);
        }

        await DeregisterAsync(id, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// <see cref="ConsulOptions.CheckTtl"/>: an agent that restarted without its registrations lists none until each
    /// provider's next heartbeat (every third of the TTL) registers it again, so an empty list is believed once the
    /// providers had a whole TTL to come back — the time Consul itself gives a provider that stopped heartbeating.
    /// </summary>
    public TimeSpan EmptyConfirmationDelay => Options.CheckTtl;

    /// <inheritdoc />
    public IDisposable Subscribe(string serviceKey, Action<IReadOnlyList<ServiceInstance>> listener)
    {
        ArgumentException.ThrowIfNullOrEmpty(serviceKey);
        ArgumentNullException.ThrowIfNull(listener);
        ObjectDisposedException.ThrowIf(_disposed, this);
        lock (_gate)
        {
            if (!_watches.TryGetValue(serviceKey, out var watch))
            {
                watch = new ServiceWatch(serviceKey, _http, _logger, RaiseSubscriptionFailed);
                _watches.Add(serviceKey, watch);
                watch.Start();
            }

            watch.Add(listener);
            return new Subscription(this, serviceKey, watch, listener);
        }
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<ServiceInstance>> QueryAsync(string serviceKey, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(serviceKey);
        // ?consistent: a quorum-checked read, since this confirms an empty list before providers are dropped.
        var response = await _http.GetAsync(
            ServiceWatch.HealthPath(serviceKey, _http) + "&consistent",
            ConsulJsonContext.Default.ListHealthServiceEntry,
            Options.RequestTimeout,
            notFoundIsAbsent: false,
            cancellationToken).ConfigureAwait(false);
        return InstanceCodec.FromEntries(serviceKey, response.Value);
    }

    /// <summary>Logs to the host's logging when <c>UseConsul</c> created this (and no logger factory was passed).</summary>
    void Junction.Hosting.IApplicationComponent.UseLogging(ILoggerFactory loggerFactory)
    {
        if (!_ownLogger)
        {
            _logger = loggerFactory.CreateLogger<ConsulRegistry>();
        }
    }

    /// <summary>
    /// Stops discovery and heartbeats and deregisters the providers still registered (best effort, each within
    /// <see cref="ConsulOptions.RequestTimeout"/>).
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        List<ServiceWatch> watches;
        List<KeyValuePair<string, Heartbeat>> heartbeats;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            watches = [.. _watches.Values];
            heartbeats = [.. _heartbeats];
            _watches.Clear();
            _heartbeats.Clear();
        }

        foreach (var watch in watches)
        {
            await watch.StopAsync().ConfigureAwait(false);
        }

        foreach (var (id, heartbeat) in heartbeats)
        {
            await heartbeat.StopAsync().ConfigureAwait(false);
            try
            {
                await DeregisterAsync(id, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                _logger.LogWarning(e, "Deregistering {ServiceId} from Consul at shutdown failed; its check expires after {Ttl}", id, Options.CheckTtl);
            }
        }

        _http.Release();
    }

    internal int HeartbeatReregistrations(string serviceId)
    {
        lock (_gate)
        {
            return _heartbeats.TryGetValue(serviceId, out var heartbeat) ? heartbeat.Reregistrations : 0;
        }
    }

    internal int IndexResets(string serviceKey)
    {
        lock (_gate)
        {
            return _watches.TryGetValue(serviceKey, out var watch) ? watch.Resets : 0;
        }
    }

    // Modern agents answer 404 for an unknown service ID: already gone is what we wanted (§2).
    private Task DeregisterAsync(string id, CancellationToken cancellationToken) =>
        _http.PutAsync("/v1/agent/service/deregister/" + Uri.EscapeDataString(id), null, cancellationToken, HttpStatusCode.NotFound);

    private void RaiseSubscriptionFailed(string serviceKey, Exception error)
    {
        try
        {
            SubscriptionFailed?.Invoke(serviceKey, error);
        }
        catch (Exception e)
        {
            _logger.LogError(e, "A SubscriptionFailed handler threw for {Service}", serviceKey);
        }
    }

    private void Unsubscribe(string serviceKey, ServiceWatch watch, Action<IReadOnlyList<ServiceInstance>> listener)
    {
        lock (_gate)
        {
            if (!watch.Remove(listener) || !_watches.Remove(serviceKey, out var removed) || removed != watch)
            {
                return;
            }
        }

        // The last subscriber left: stop the loop in the background (a blocking query is cancelled at once).
        _ = watch.StopAsync().AsTask();
    }

    private sealed class Subscription(ConsulRegistry registry, string serviceKey, ServiceWatch watch, Action<IReadOnlyList<ServiceInstance>> listener) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                registry.Unsubscribe(serviceKey, watch, listener);
            }
        }
    }
}
