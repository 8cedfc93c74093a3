using System.Diagnostics;
using Junction.Cluster;
using Junction.Contracts;
using Junction.Invocation;
using Junction.Registry.Override;
using Microsoft.Extensions.Logging;

namespace Junction.Registry;

/// <summary>
/// A directory fed by registry pushes: keeps one invoker per provider of the consumer's protocol, refers new providers
/// and releases removed ones. Each push becomes a new immutable <see cref="ProviderList"/>. Dynamic configuration
/// rules (overrides) apply to every push and, when they change, to the last push at once: a provider they disable is
/// released like a removed one, and one whose weight or metadata they change keeps its invoker and connections.
/// </summary>
internal sealed class RegistryDirectory : IDirectory
{
    /// <summary>
    /// How long the first list waits for the config source's first answer about the rules it holds (Dubbo's config
    /// center timeout is 3 s too): a source that cannot be reached must not keep calls from the providers for good.
    /// </summary>
    internal static readonly TimeSpan DefaultFirstRulesWait = TimeSpan.FromSeconds(3);

    /// <summary>The least a hold waits, however little of <see cref="DefaultFirstRulesWait"/> is left.</summary>
    private static readonly TimeSpan LateRulesFloor = TimeSpan.FromMilliseconds(500);

    private readonly string _protocol;
    private readonly TimeSpan _firstRulesWait;
    private readonly long _firstRulesDeadline;
    private int _rulesWaitLogged;
    private readonly Func<ServiceInstance, IProviderInvoker> _refer;
    private readonly ILogger _logger;
    private readonly ProviderOverrides? _overrides;
    private readonly Lock _gate = new();
    private readonly IDisposable _subscription;
    private readonly TaskCompletionSource _firstSnapshot = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile ProviderList _providers = ProviderList.Empty;
    private ProviderList _latest = ProviderList.Empty;
    private int _firstListHolds;
    private bool _holdingForRouting;
    private Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private ServiceInstance[]? _last;
    private volatile string? _whyEmpty;
    private bool _disposed;

    public RegistryDirectory(
        ServiceDescriptor service,
        IRegistry registry,
        string protocol,
        Func<ServiceInstance, IProviderInvoker> refer,
        ILogger logger,
        ProviderOverrides? overrides = null,
        bool holdFirstUntilRouted = false,
        TimeSpan? firstRulesWait = null)
    {
        Service = service;
        _protocol = protocol;
        _refer = refer;
        _logger = logger;
        _overrides = overrides;
        _firstRulesWait = firstRulesWait ?? DefaultFirstRulesWait;

        // One deadline for every wait, from now: rules watched once the first list names its providers' application get
        // what is left, so first calls never wait longer than this past the registry (or the cache file) answering late.
        _firstRulesDeadline = Stopwatch.GetTimestamp() + (long)(_firstRulesWait.TotalSeconds * Stopwatch.Frequency);

        // Released by RoutingAttached: routing's handler and its rules' first answers must hold the first list too, and
        // a registry that answers at once (in-memory) would otherwise hand it to calls from inside Subscribe.
        _firstListHolds = holdFirstUntilRouted ? 1 : 0;
        _holdingForRouting = holdFirstUntilRouted;

        // Rules first, so the first provider list already has them and no disabled provider is connected to; a source
        // that answers later (Consul) holds the first list until it has (each push before then holds it).
        overrides?.Start(OnOverridesChanged);

        _subscription = registry.Subscribe(service.ServiceKey, OnProvidersChanged);
    }

    public ServiceDescriptor Service { get; }

    /// <summary>
    /// The providers calls see. The first list reaches calls only once the <see cref="Changed"/> handlers have taken it
    /// in (routing rules keyed by the providers' application, a C# script among them, are compiled there) and the
    /// override rules of the providers' application apply to it: a call that gave up waiting for it must not go to
    /// providers its rules would have kept it from.
    /// </summary>
    public ProviderList Providers => _providers;

    /// <summary>True once the consumer released this directory (its host stopped, or its client was disposed).</summary>
    internal bool IsDisposed => Volatile.Read(ref _disposed);

    /// <summary>True once the registry (or the cache file) has given a list, even while it is not <see cref="Providers"/> yet.</summary>
    internal bool FirstListArrived
    {
        get
        {
            lock (_gate)
            {
                return _latest.Version > 0;
            }
        }
    }

    /// <summary>
    /// Completes with the registry's first snapshot (or the cache file's). Calls made before it wait for it, within their
    /// timeout, as Dubbo's consumer has its providers once its reference exists.
    /// </summary>
    internal Task FirstSnapshot => _firstSnapshot.Task;

    /// <summary>
    /// Why the list is empty although the registry lists providers (overrides disabled them all), for the cluster's
    /// "no provider" error; null otherwise.
    /// </summary>
    internal string? WhyEmpty => _whyEmpty;

    /// <summary>
    /// Raised with each new snapshot, off the call path (on the registry's push), for routing rules that depend on the
    /// providers; the first before calls see it. A handler added once the directory exists belongs in
    /// <see cref="ObserveProviders"/>, which also runs it on a list made before it was added.
    /// </summary>
    internal event Action<ProviderList>? Changed;

    public async ValueTask DisposeAsync()
    {
        List<IProviderInvoker> referred;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            referred = [.. _entries.Values.Select(e => e.Referred)];
            _entries = new(StringComparer.Ordinal);
            _providers = ProviderList.Empty;
            _latest = ProviderList.Empty;
        }

        // First: unsubscribing waits for a push in progress, which may be holding the first list from the calls waiting.
        _firstSnapshot.TrySetResult();
        _overrides?.Dispose();
        _subscription.Dispose();
        foreach (var invoker in referred)
        {
            await invoker.DisposeAsync().ConfigureAwait(false);
        }
    }

    private void OnProvidersChanged(IReadOnlyList<ServiceInstance> instances)
    {
        var mine = new List<ServiceInstance>(instances.Count);
        string? application = null;
        foreach (var instance in instances)
        {
            if (string.Equals(instance.Protocol, _protocol, StringComparison.OrdinalIgnoreCase))
            {
                mine.Add(instance);
                if (application is null && instance.Metadata.TryGetValue("application", out var name) && name.Length > 0)
                {
                    application = name;
                }
            }
        }

        // Before calls have a list, this push's reaches them only once its application's override rules apply to it too.
        var holding = HoldFirst();
        try
        {
            try
            {
                Refresh([.. mine], pushed: true);
            }
            catch (Exception e)
            {
                // A Changed handler (or referring a provider) failed. Logged, not thrown: the push is the registry's, and
                // an exception there would cost the other subscribers this list (or fail the provider's registration with
                // the in-memory registry). The next list naming the application watches its rules again.
                _logger.LogError(e, "{Service}: taking in the provider list of application {Application} failed; its rules may be missing until the next list", Service.ServiceKey, application);
            }

            // Outside the lock: watching the providers' rules may deliver them at once, which refreshes again. The hold
            // covers every override key watched so far, the service's and the consumer application's included.
            try
            {
                if (_overrides is not null)
                {
                    _overrides.OnProviderApplication(application);
                    HoldFirstUntil(_overrides.WhenAnswered);
                }
            }
            catch (Exception e)
            {
                _logger.LogError(e, "{Service}: watching the override rules of application {Application} failed; they are watched again with the next list", Service.ServiceKey, application);
            }
        }
        finally
        {
            if (holding)
            {
                ReleaseFirst();
            }
        }
    }

    /// <summary>A rule changed: applies the rules to the last push without waiting for the registry.</summary>
    private void OnOverridesChanged() => Refresh(instances: null, pushed: false);

    /// <summary>
    /// Builds the list from <paramref name="instances"/> (null: the last push) with the overrides in force. A push always
    /// makes a new snapshot; a rule change only when the list changed.
    /// </summary>
    private void Refresh(ServiceInstance[]? instances, bool pushed)
    {
        List<IProviderInvoker>? removed = null;
        ProviderList snapshot;
        int disabled;
        bool first;
        Action<ProviderList>? changed;
        lock (_gate)
        {
            instances ??= _last;
            if (_disposed || instances is null)
            {
                return;
            }

            _last = instances;
            var next = new Dictionary<string, Entry>(instances.Length, StringComparer.Ordinal);
            var listed = new List<IProviderInvoker>(instances.Length);
            HashSet<string>? disabledBy = null;
            foreach (var instance in instances)
            {
                var result = _overrides?.Apply(instance) ?? OverrideResult.None(instance);
                if (result.DisabledBy is { } key)
                {
                    // Left out as Dubbo's RegistryDirectory leaves out a disabled URL; its invoker is released below.
                    (disabledBy ??= new(StringComparer.Ordinal)).Add(key);
                    continue;
                }

                // Keep the invoker (and its connections) of a provider the registry did not change, whatever the overrides did.
                if (!_entries.TryGetValue(instance.Id, out var entry) || entry.Registered != instance)
                {
                    entry = new Entry(instance, _refer(instance));
                }

                if (next.TryAdd(instance.Id, entry))
                {
                    entry.Show(result);
                    listed.Add(entry.Listed);
                }
            }

            foreach (var (id, entry) in _entries)
            {
                if (!next.TryGetValue(id, out var kept) || kept != entry)
                {
                    (removed ??= []).Add(entry.Referred);
                }
            }

            _entries = next;
            disabled = instances.Length - listed.Count;
            _whyEmpty = listed.Count == 0 && disabledBy is not null
                ? $"overrides disabled all {disabled} of its provider(s) ({string.Join(", ", disabledBy)}); set disabled: false for some, or delete the rule"
                : null;
            if (!pushed && SameInvokers(_latest.Invokers, listed))
            {
                return;
            }

            snapshot = new ProviderList([.. listed], _latest.Version + 1);
            _latest = snapshot;

            // Read with the list: a handler added later (ObserveProviders) runs on it itself, so each runs once on it.
            changed = Changed;
            first = !_firstSnapshot.Task.IsCompleted;
            if (first)
            {
                // Holds a list that arrived before calls had one from them while the handlers take it in.
                _firstListHolds++;
            }
            else
            {
                _providers = snapshot;
            }
        }

        // From here on, a handler that throws must not keep the hold or the removed connections; the log comes last, so
        // that a logging provider that throws cannot keep the list from the handlers either.
        try
        {
            changed?.Invoke(snapshot);
        }
        finally
        {
            if (first)
            {
                ReleaseFirst();
            }

            if (removed is not null)
            {
                _ = ReleaseAsync(removed);
            }
        }

        if (disabled > 0)
        {
            _logger.LogInformation("{Service}: {Count} provider(s) on {Protocol}, {Disabled} more disabled by overrides", Service.ServiceKey, snapshot.Invokers.Length, _protocol, disabled);
        }
        else
        {
            _logger.LogInformation("{Service}: {Count} provider(s) on {Protocol}", Service.ServiceKey, snapshot.Invokers.Length, _protocol);
        }
    }

    /// <summary>
    /// Adds <paramref name="handler"/> to <see cref="Changed"/> and runs it on the newest list, if there is one: a
    /// registry that pushes on its own thread (Consul) may have made the first list before the handler was added, and
    /// without this the handler would only see the next one, which may never come (an unchanged set is not pushed
    /// again). A first list not handed to calls yet is held from them until the handler has taken it in.
    /// </summary>
    internal void ObserveProviders(Action<ProviderList> handler)
    {
        ProviderList seen;
        bool holding;
        lock (_gate)
        {
            Changed += handler;
            if (_disposed || _latest.Version == 0)
            {
                // The first list will run it, before calls see that list.
                return;
            }

            seen = _latest;
            holding = !_firstSnapshot.Task.IsCompleted;
            if (holding)
            {
                _firstListHolds++;
            }
        }

        try
        {
            // A list made meanwhile runs the handler too, perhaps at the same time: end on the newest, not on an older one.
            while (true)
            {
                try
                {
                    handler(seen);
                }
                catch (Exception e)
                {
                    // As on a push: logged, and the client is still made (a throw here would leave this directory behind).
                    _logger.LogError(e, "{Service}: taking in the provider list failed; rules of its providers' application may be missing until the next list", Service.ServiceKey);
                    break;
                }

                lock (_gate)
                {
                    if (_disposed || ReferenceEquals(seen, _latest))
                    {
                        break;
                    }

                    seen = _latest;
                }
            }
        }
        finally
        {
            if (holding)
            {
                ReleaseFirst();
            }
        }
    }

    /// <summary>
    /// Holds the first list from calls until <paramref name="answered"/> completes (the config source answered for the
    /// rules watched so far), at most until the first rules' deadline; nothing once calls have a list.
    /// </summary>
    internal void HoldFirstUntil(Task answered)
    {
        if (answered.IsCompleted || !HoldFirst())
        {
            return;
        }

        _ = ReleaseWhenAnsweredAsync(answered);
    }

    /// <summary>Ends the hold taken for routing at construction (<c>holdFirstUntilRouted</c>), once routing holds its own.</summary>
    internal void RoutingAttached()
    {
        lock (_gate)
        {
            if (!_holdingForRouting)
            {
                return;
            }

            _holdingForRouting = false;
        }

        ReleaseFirst();
    }

    private async Task ReleaseWhenAnsweredAsync(Task answered)
    {
        try
        {
            // Rules watched near or past the deadline (the providers' application's, named by a list that came late) still
            // get a round trip's worth of time: a healthy source answers them in milliseconds.
            var left = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), _firstRulesDeadline);
            var floor = _firstRulesWait < LateRulesFloor ? _firstRulesWait : LateRulesFloor;
            await answered.WaitAsync(left > floor ? left : floor).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Once per client: every hold ends at the same deadline.
            if (Interlocked.Exchange(ref _rulesWaitLogged, 1) == 0)
            {
                try
                {
                    _logger.LogWarning(
                        "{Service}: the config source has not answered for all routing and override rules in time ({Wait} ms from the client's creation, at least {Floor} ms for rules watched later); first calls no longer wait for them, and they apply once it answers",
                        Service.ServiceKey, _firstRulesWait.TotalMilliseconds, LateRulesFloor.TotalMilliseconds);
                }
                catch (Exception)
                {
                    // A logging provider that throws must not keep the list from calls (released below) nor surface
                    // as an unobserved task exception.
                }
            }
        }
        finally
        {
            ReleaseFirst();
        }
    }

    /// <summary>
    /// Holds the first list from calls while a push is being taken in (false once calls have a list): its application's
    /// override rules are watched after the list is made, and applying them makes another.
    /// </summary>
    private bool HoldFirst()
    {
        lock (_gate)
        {
            if (_disposed || _firstSnapshot.Task.IsCompleted)
            {
                return false;
            }

            _firstListHolds++;
            return true;
        }
    }

    /// <summary>
    /// Ends a hold on the first list; the last one hands calls the newest list (pushes and rule changes may overlap) and
    /// releases the calls waiting for it. Without a list yet (making it failed), calls go on waiting for the next push.
    /// </summary>
    private void ReleaseFirst()
    {
        lock (_gate)
        {
            if (--_firstListHolds > 0 || _disposed || _latest.Version == 0)
            {
                return;
            }

            _providers = _latest;
        }

        _firstSnapshot.TrySetResult();
    }

    private static bool SameInvokers(IProviderInvoker[] current, List<IProviderInvoker> next)
    {
        if (current.Length != next.Count)
        {
            return false;
        }

        for (var i = 0; i < current.Length; i++)
        {
            if (!ReferenceEquals(current[i], next[i]))
            {
                return false;
            }
        }

        return true;
    }

    private async Task ReleaseAsync(List<IProviderInvoker> removed)
    {
        foreach (var invoker in removed)
        {
            try
            {
                await invoker.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception e)
            {
                _logger.LogWarning(e, "{Service}: releasing removed provider {Provider} failed", Service.ServiceKey, invoker.Instance);
            }
        }
    }

    /// <summary>One referred provider: as registered, its invoker, and what the directory lists for it now.</summary>
    private sealed class Entry(ServiceInstance registered, IProviderInvoker referred)
    {
        private IReadOnlyDictionary<string, string>? _shown;

        public ServiceInstance Registered { get; } = registered;

        public IProviderInvoker Referred { get; } = referred;

        /// <summary>The invoker itself, or it under the overrides; the same object while the overrides stay the same.</summary>
        public IProviderInvoker Listed { get; private set; } = referred;

        /// <summary>Lists the provider as <paramref name="result"/> shows it; called under the directory's lock.</summary>
        public void Show(in OverrideResult result)
        {
            if (OverrideResult.SameParameters(_shown, result.Parameters))
            {
                return;
            }

            _shown = result.Parameters;
            Listed = result.Parameters is null ? Referred : new OverriddenProviderInvoker(Referred, result.Instance);
        }
    }
}
