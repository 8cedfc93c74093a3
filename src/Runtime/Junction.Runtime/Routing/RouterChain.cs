using Junction.Invocation;

namespace Junction.Routing;

/// <summary>
/// Applies routers in order, each narrowing what the one before left (Dubbo's RouterChain). The routers can be
/// swapped at run time (rules arriving from a config source) and apply to the next call. With no routers the providers
/// pass through untouched, with no allocation.
/// </summary>
/// <remarks>
/// When no router depends on more of the call than its method and request tag (rules about the consumer, the method or
/// the providers), the result is cached per provider list, router version, method and request tag, so a call costs a
/// few comparisons; a router that reads arguments or other attachments makes every call route afresh.
/// </remarks>
public sealed class RouterChain
{
    private const string TagKey = "dubbo.tag";
    private const string ForceTagKey = "dubbo.force.tag";

    private volatile Snapshot _snapshot;

    /// <summary>A chain with no routers.</summary>
    public static RouterChain Empty => new([]);

    /// <summary>Creates a chain; routers are ordered by <see cref="IRouter.Priority"/>.</summary>
    public RouterChain(IEnumerable<IRouter> routers)
    {
        ArgumentNullException.ThrowIfNull(routers);
        _snapshot = new Snapshot([.. routers.OrderBy(r => r.Priority)], 0);
    }

    /// <summary>Grows with every change of the routers.</summary>
    internal long Version => _snapshot.Version;

    /// <summary>The routers in the order they run.</summary>
    internal IReadOnlyList<IRouter> Routers => _snapshot.Routers;

    /// <summary>
    /// Replaces the routers, which run in the order given (the caller orders them); the next call uses them. Calls
    /// already routing finish with the routers they started with.
    /// </summary>
    internal void Update(IRouter[] routers)
    {
        lock (this)
        {
            _snapshot = new Snapshot(routers, _snapshot.Version + 1);
        }
    }

    /// <summary>Returns the providers the call may use, in the order given.</summary>
    public IProviderInvoker[] Route(IProviderInvoker[] providers, Invocation.Invocation invocation)
    {
        ArgumentNullException.ThrowIfNull(providers);
        ArgumentNullException.ThrowIfNull(invocation);
        var snapshot = _snapshot;
        if (snapshot.Routers.Length == 0 || providers.Length == 0)
        {
            return providers;
        }

        return snapshot.Cacheable ? RouteCached(snapshot, providers, invocation) : RouteAll(snapshot.Routers, providers, invocation);
    }

    /// <summary>
    /// Says why routing left no provider for this call: which router emptied the list and how many providers went
    /// into it. Routes the call again, one router at a time; only used to build an error message.
    /// </summary>
    internal string ExplainEmpty(IProviderInvoker[] providers, Invocation.Invocation invocation)
    {
        var current = providers;
        foreach (var router in _snapshot.Routers)
        {
            var before = current.Length;
            current = router.Route(current, invocation);
            if (current.Length == 0)
            {
                return $"{Describe(router)} received {before} provider(s) and kept none";
            }
        }

        // A router that picks at random (weighted destinations) may keep providers on the second try.
        return $"the routers ({string.Join(", ", _snapshot.Routers.Select(Describe))}) kept none of {providers.Length} provider(s)";
    }

    private static string Describe(IRouter router) => router is RuleRouter rule ? rule.Description : $"router {router.GetType().Name} ({router})";

    private static IProviderInvoker[] RouteAll(IRouter[] routers, IProviderInvoker[] providers, Invocation.Invocation invocation)
    {
        var result = providers;
        foreach (var router in routers)
        {
            result = router.Route(result, invocation);
            if (result.Length == 0)
            {
                // Dubbo's should-fail-fast: once a router leaves nothing, nothing comes back.
                break;
            }
        }

        return result;
    }

    private static IProviderInvoker[] RouteCached(Snapshot snapshot, IProviderInvoker[] providers, Invocation.Invocation invocation)
    {
        var cache = snapshot.Cache;
        var methods = invocation.Service.Methods.Count;
        if (cache is null || !ReferenceEquals(cache.Input, providers) || cache.ByMethod.Length < methods)
        {
            // A new provider list (or a provider went down): start a new cache for it.
            cache = new RouteCache(providers, Math.Max(methods, 1));
            snapshot.Cache = cache;
        }

        var slot = snapshot.DependsOnMethod ? invocation.Method.Index : 0;
        string? tag = null, forceTag = null;
        if (snapshot.DependsOnTag && invocation.HasAttachments)
        {
            tag = invocation.TryGetAttachment(TagKey, out var t) ? t : null;
            forceTag = invocation.TryGetAttachment(ForceTagKey, out var f) ? f : null;
        }

        var entry = cache.ByMethod[slot];
        if (entry is not null && string.Equals(entry.Tag, tag, StringComparison.Ordinal) && string.Equals(entry.ForceTag, forceTag, StringComparison.Ordinal))
        {
            return entry.Result;
        }

        var result = RouteAll(snapshot.Routers, providers, invocation);

        // One entry per method: a method called with alternating request tags routes afresh each time, which is
        // correct and still cheap; holding every tag seen would let callers grow the cache without bound.
        cache.ByMethod[slot] = new RouteEntry(tag, forceTag, result);
        return result;
    }

    /// <summary>The routers of one version and what their results depend on.</summary>
    private sealed class Snapshot
    {
        public Snapshot(IRouter[] routers, long version)
        {
            Routers = routers;
            Version = version;
            var dependency = RouteDependency.None;
            foreach (var router in routers)
            {
                // A router of the user's own may read anything of the call.
                dependency |= router is RuleRouter rule ? rule.Dependency : RouteDependency.Invocation;
            }

            Cacheable = (dependency & RouteDependency.Invocation) == 0;
            DependsOnMethod = (dependency & RouteDependency.Method) != 0;
            DependsOnTag = (dependency & RouteDependency.RequestTag) != 0;
        }

        public IRouter[] Routers { get; }

        public long Version { get; }

        public bool Cacheable { get; }

        public bool DependsOnMethod { get; }

        public bool DependsOnTag { get; }

        /// <summary>Results for the latest provider list; replaced, never changed in place except its slots.</summary>
        public RouteCache? Cache { get; set; }
    }

    private sealed class RouteCache(IProviderInvoker[] input, int methods)
    {
        public IProviderInvoker[] Input { get; } = input;

        /// <summary>Per method index (slot 0 only when no router reads the method); writes of a slot race harmlessly.</summary>
        public RouteEntry?[] ByMethod { get; } = new RouteEntry?[methods];
    }

    private sealed record RouteEntry(string? Tag, string? ForceTag, IProviderInvoker[] Result);
}
