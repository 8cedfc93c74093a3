using Microsoft.Extensions.Logging;

namespace Junction.Registry;

/// <summary>
/// Wraps the application's registry so that consumers survive it: every subscription's last good snapshot goes to the
/// local cache file; a subscription the registry cannot serve (it reports a failure through
/// <see cref="IRegistryHealth"/>, or no snapshot arrives within the grace period) gets the cached snapshot until the
/// registry answers; and an empty push that would empty a working provider list is held back until confirmed (Dubbo's
/// empty protection). A consumer whose registry goes away keeps its providers: nothing here ever replaces a snapshot
/// except a newer one from the registry.
/// </summary>
/// <remarks>
/// Confirming an empty push: with <see cref="IRegistryHealth"/>, a fresh <see cref="IRegistryHealth.QueryAsync"/> that
/// is empty too confirms it; an error or a non-empty answer does not, and the current providers stay. The query waits
/// <see cref="IRegistryHealth.EmptyConfirmationDelay"/> first: an agent that restarted without its registrations
/// answers empty, truthfully, until the providers' next heartbeats register them again, and asking at once would
/// drop live providers for that long. Without it, the
/// empty push is delivered when the registry's next push is empty again, or when
/// <see cref="EmptyConfirmationDelay"/> passes with no non-empty push (the registry never contradicted it) — Dubbo's
/// registries push only on change, so waiting for a repetition alone could keep dead providers forever.
/// </remarks>
internal sealed class ReliableRegistry : IRegistry, IAsyncDisposable
{
    /// <summary>How long a consumer waits for the registry's first snapshot before using the cache file.</summary>
    public static readonly TimeSpan DefaultGracePeriod = TimeSpan.FromSeconds(3);

    /// <summary>How long an unconfirmable empty push is held (registries without <see cref="IRegistryHealth"/>).</summary>
    public static readonly TimeSpan DefaultEmptyConfirmationDelay = TimeSpan.FromSeconds(10);

    private readonly IRegistry _inner;
    private readonly IRegistryHealth? _health;
    private readonly RegistryCache? _cache;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _disposed = new();
    private readonly Lock _gate = new();
    private readonly Dictionary<string, List<Subscription>> _subscriptions = new(StringComparer.Ordinal);

    public ReliableRegistry(IRegistry inner, RegistryCache? cache, TimeProvider time, ILogger logger, TimeSpan? gracePeriod = null, TimeSpan? emptyConfirmationDelay = null)
    {
        _inner = inner;
        _health = inner as IRegistryHealth;
        _cache = cache;
        _time = time;
        _logger = logger;
        GracePeriod = gracePeriod ?? DefaultGracePeriod;
        EmptyConfirmationDelay = emptyConfirmationDelay ?? DefaultEmptyConfirmationDelay;
        if (_health is not null)
        {
            _health.SubscriptionFailed += OnSubscriptionFailed;
        }
    }

    public IRegistry Inner => _inner;

    public TimeSpan GracePeriod { get; }

    public TimeSpan EmptyConfirmationDelay { get; }

    public ValueTask RegisterAsync(ServiceInstance instance, CancellationToken cancellationToken = default) => _inner.RegisterAsync(instance, cancellationToken);

    public ValueTask UnregisterAsync(ServiceInstance instance, CancellationToken cancellationToken = default) => _inner.UnregisterAsync(instance, cancellationToken);

    public IDisposable Subscribe(string serviceKey, Action<IReadOnlyList<ServiceInstance>> listener)
    {
        ArgumentException.ThrowIfNullOrEmpty(serviceKey);
        ArgumentNullException.ThrowIfNull(listener);
        var subscription = new Subscription(this, serviceKey, listener);

        // Known before the inner subscription starts: it may fail (or push) from inside Subscribe.
        lock (_gate)
        {
            if (!_subscriptions.TryGetValue(serviceKey, out var list))
            {
                _subscriptions[serviceKey] = list = [];
            }

            list.Add(subscription);
        }

        try
        {
            subscription.Start(_inner.Subscribe(serviceKey, subscription.OnPush));
        }
        catch
        {
            subscription.Dispose();
            throw;
        }

        return subscription;
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed.IsCancellationRequested)
        {
            return;
        }

        _disposed.Cancel();
        if (_health is not null)
        {
            _health.SubscriptionFailed -= OnSubscriptionFailed;
        }

        if (_cache is not null)
        {
            await _cache.FlushAsync().ConfigureAwait(false);
        }
    }

    private void OnSubscriptionFailed(string serviceKey, Exception error)
    {
        Subscription[] subscriptions;
        lock (_gate)
        {
            if (!_subscriptions.TryGetValue(serviceKey, out var list))
            {
                return;
            }

            subscriptions = [.. list];
        }

        foreach (var subscription in subscriptions)
        {
            subscription.OnFailed(error);
        }
    }

    private void Remove(Subscription subscription)
    {
        lock (_gate)
        {
            if (_subscriptions.TryGetValue(subscription.ServiceKey, out var list))
            {
                list.Remove(subscription);
                if (list.Count == 0)
                {
                    _subscriptions.Remove(subscription.ServiceKey);
                }
            }
        }
    }

    /// <summary>Same provider, same settings: the registry may send equal instances as new objects.</summary>
    private static bool SameContent(ServiceInstance a, ServiceInstance b)
    {
        if (ReferenceEquals(a, b))
        {
            return true;
        }

        if (a.Port != b.Port || a.Weight != b.Weight || a.StartTime != b.StartTime
            || !string.Equals(a.ServiceKey, b.ServiceKey, StringComparison.Ordinal)
            || !string.Equals(a.Protocol, b.Protocol, StringComparison.Ordinal)
            || !string.Equals(a.Host, b.Host, StringComparison.Ordinal)
            || a.Metadata.Count != b.Metadata.Count
            || a.Tags.Count != b.Tags.Count)
        {
            return false;
        }

        foreach (var (key, value) in a.Metadata)
        {
            if (!b.Metadata.TryGetValue(key, out var other) || !string.Equals(value, other, StringComparison.Ordinal))
            {
                return false;
            }
        }

        for (var i = 0; i < a.Tags.Count; i++)
        {
            if (!string.Equals(a.Tags[i], b.Tags[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    private sealed class Subscription(ReliableRegistry owner, string serviceKey, Action<IReadOnlyList<ServiceInstance>> listener) : IDisposable
    {
        private readonly Lock _gate = new();
        private IDisposable? _inner;
        private ITimer? _grace;
        private ITimer? _emptyTimer;
        private IReadOnlyList<ServiceInstance>? _delivered;
        private bool _registryAnswered;
        private bool _fromCache;
        private bool _cacheTried;
        private bool _holdingEmpty;
        private int _emptyGeneration;
        private bool _disposed;

        public string ServiceKey { get; } = serviceKey;

        private ILogger Logger => owner._logger;

        public void Start(IDisposable inner)
        {
            lock (_gate)
            {
                _inner = inner;
                if (_disposed)
                {
                    inner.Dispose();
                    return;
                }

                // Waiting is only worth it when there is a cache to fall back on.
                if (!_registryAnswered && !_fromCache && owner._cache is not null)
                {
                    _grace = owner._time.CreateTimer(static s => ((Subscription)s!).OnGracePassed(), this, owner.GracePeriod, Timeout.InfiniteTimeSpan);
                }
            }
        }

        public void OnPush(IReadOnlyList<ServiceInstance> instances)
        {
            int confirmGeneration;
            lock (_gate)
            {
                if (_disposed)
                {
                    return;
                }

                var first = !_registryAnswered;
                _registryAnswered = true;
                _grace?.Dispose();
                _grace = null;
                if (instances.Count == 0 && _delivered is { Count: > 0 })
                {
                    if (_holdingEmpty && owner._health is null)
                    {
                        Logger.LogWarning("{Service}: the registry pushed an empty provider list again; delivering it (confirmed by repetition)", ServiceKey);
                        DeliverFromRegistry(instances);
                        return;
                    }

                    confirmGeneration = Hold(first);
                }
                else
                {
                    if (_holdingEmpty)
                    {
                        Logger.LogInformation("{Service}: the held empty push was not confirmed: the registry now lists {Count} provider(s)", ServiceKey, instances.Count);
                    }

                    if (_fromCache)
                    {
                        Logger.LogInformation("{Service}: the registry answered; its {Count} provider(s) replace the {Cached} read from the local cache file {Path}", ServiceKey, instances.Count, _delivered?.Count ?? 0, owner._cache?.Path);
                    }

                    DeliverFromRegistry(instances);
                    return;
                }
            }

            if (owner._health is not null)
            {
                _ = ConfirmAsync(owner._health, confirmGeneration);
            }
        }

        public void OnFailed(Exception error)
        {
            lock (_gate)
            {
                if (_disposed || _registryAnswered || _fromCache)
                {
                    // A running consumer keeps what it has; the registry's own client logs its failures.
                    return;
                }

                ServeFromCache("the registry is unreachable: " + error.Message);
            }
        }

        public void Dispose()
        {
            IDisposable? inner;
            lock (_gate)
            {
                if (_disposed)
                {
                    return;
                }

                _disposed = true;
                _grace?.Dispose();
                _emptyTimer?.Dispose();
                inner = _inner;
            }

            owner.Remove(this);
            inner?.Dispose();
        }

        private void OnGracePassed()
        {
            lock (_gate)
            {
                if (_disposed || _registryAnswered || _fromCache)
                {
                    return;
                }

                ServeFromCache($"the registry is unreachable: no answer within {owner.GracePeriod.TotalMilliseconds:0} ms");
            }
        }

        /// <summary>Holds back an empty push; returns the generation a confirmation must still match.</summary>
        private int Hold(bool first)
        {
            _holdingEmpty = true;
            var generation = ++_emptyGeneration;
            var source = first && _fromCache ? "the local cache file" : "the last push";
            if (owner._health is { } health)
            {
                Logger.LogWarning(
                    "{Service}: holding back an empty push from the registry ({Count} provider(s) in {Source}); asking the registry to confirm it in {Delay} ms unless a provider appears",
                    ServiceKey, _delivered!.Count, source, health.EmptyConfirmationDelay.TotalMilliseconds);
            }
            else
            {
                Logger.LogWarning(
                    "{Service}: holding back an empty push from the registry ({Count} provider(s) in {Source}); it is delivered if the next push is empty too or no provider appears within {Delay} ms",
                    ServiceKey, _delivered!.Count, source, owner.EmptyConfirmationDelay.TotalMilliseconds);
                _emptyTimer?.Dispose();
                _emptyTimer = owner._time.CreateTimer(static s => ((Subscription)s!).OnEmptyDelayPassed(), this, owner.EmptyConfirmationDelay, Timeout.InfiniteTimeSpan);
            }

            return generation;
        }

        private void OnEmptyDelayPassed()
        {
            lock (_gate)
            {
                if (_disposed || !_holdingEmpty)
                {
                    return;
                }

                Logger.LogWarning("{Service}: no provider appeared within {Delay} ms of an empty push; delivering it", ServiceKey, owner.EmptyConfirmationDelay.TotalMilliseconds);
                DeliverFromRegistry([]);
            }
        }

        private async Task ConfirmAsync(IRegistryHealth health, int generation)
        {
            IReadOnlyList<ServiceInstance>? answer = null;
            Exception? error = null;
            try
            {
                if (health.EmptyConfirmationDelay > TimeSpan.Zero)
                {
                    await Task.Delay(health.EmptyConfirmationDelay, owner._time, owner._disposed.Token).ConfigureAwait(false);
                    if (!StillHolding(generation))
                    {
                        return;
                    }
                }

                answer = await health.QueryAsync(ServiceKey, owner._disposed.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (owner._disposed.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                error = e;
            }

            lock (_gate)
            {
                if (!StillHolding(generation))
                {
                    return;
                }

                _holdingEmpty = false;
                if (error is not null)
                {
                    Logger.LogWarning(error, "{Service}: could not confirm an empty push with the registry; keeping the {Count} provider(s)", ServiceKey, _delivered?.Count ?? 0);
                }
                else if (answer!.Count > 0)
                {
                    Logger.LogWarning("{Service}: ignored an empty push: a fresh query lists {Answer} provider(s); keeping the {Count} provider(s)", ServiceKey, answer.Count, _delivered?.Count ?? 0);
                }
                else
                {
                    Logger.LogWarning("{Service}: the registry confirmed an empty provider list; delivering it", ServiceKey);
                    DeliverFromRegistry([]);
                }
            }
        }

        /// <summary>Whether the empty push of <paramref name="generation"/> is still held (no newer push replaced it).</summary>
        private bool StillHolding(int generation)
        {
            lock (_gate)
            {
                return !_disposed && _holdingEmpty && generation == _emptyGeneration;
            }
        }

        private void ServeFromCache(string reason)
        {
            if (_cacheTried)
            {
                return;
            }

            _cacheTried = true;
            _grace?.Dispose();
            _grace = null;
            var cache = owner._cache;
            if (cache is null)
            {
                return;
            }

            if (!cache.TryGet(ServiceKey, out var cached))
            {
                Logger.LogWarning("{Service}: {Reason}, and the local cache file {Path} holds no providers of it; none until the registry answers", ServiceKey, reason, cache.Path);
                return;
            }

            _fromCache = true;
            Logger.LogWarning("{Service}: serving {Count} provider(s) from the local cache file {Path} because {Reason}", ServiceKey, cached.Count, cache.Path, reason);
            Deliver(cached);
        }

        private void DeliverFromRegistry(IReadOnlyList<ServiceInstance> instances)
        {
            _holdingEmpty = false;
            _emptyGeneration++;
            _emptyTimer?.Dispose();
            _emptyTimer = null;
            _fromCache = false;
            var delivered = Deliver(instances);
            owner._cache?.Save(ServiceKey, delivered);
        }

        /// <summary>Pushes a snapshot to the listener, under the lock so that snapshots never overtake each other.</summary>
        private IReadOnlyList<ServiceInstance> Deliver(IReadOnlyList<ServiceInstance> instances)
        {
            var previous = _delivered;
            IReadOnlyList<ServiceInstance> snapshot = instances;
            if (previous is { Count: > 0 } && instances.Count > 0)
            {
                // Equal providers keep their object, so the directory keeps their invokers and connections (e.g. when
                // the registry's answer replaces the same providers read from the cache file).
                var reused = new ServiceInstance[instances.Count];
                for (var i = 0; i < instances.Count; i++)
                {
                    reused[i] = instances[i];
                    foreach (var known in previous)
                    {
                        if (SameContent(known, instances[i]))
                        {
                            reused[i] = known;
                            break;
                        }
                    }
                }

                snapshot = reused;
            }

            _delivered = snapshot;
            listener(snapshot);
            return snapshot;
        }
    }
}
