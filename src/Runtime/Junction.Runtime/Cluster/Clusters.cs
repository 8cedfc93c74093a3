using Junction.Contracts;
using Junction.LoadBalancing;
using Junction.Routing;
using Microsoft.Extensions.Logging;

namespace Junction.Cluster;

/// <summary>Creates cluster strategies by their configuration name (Dubbo's <c>cluster</c>).</summary>
internal static class Clusters
{
    /// <summary>Every strategy name, the default first.</summary>
    public static readonly string[] Names =
    [
        FailoverClusterInvoker.Name,
        FailfastClusterInvoker.Name,
        FailsafeClusterInvoker.Name,
        FailbackClusterInvoker.Name,
        ForkingClusterInvoker.Name,
        BroadcastClusterInvoker.Name,
        AvailableClusterInvoker.Name,
    ];

    /// <summary>Whether <paramref name="name"/> names a strategy (case-insensitive).</summary>
    public static bool IsKnown(string? name) => name is not null && Array.IndexOf(Names, name.ToLowerInvariant()) >= 0;

    /// <summary>
    /// The retries of each method, by method index: <paramref name="explicitRetries"/> (the reference's) where set, else
    /// the contract's where it sets them, else <paramref name="defaultRetries"/> for idempotent methods and none for the
    /// rest — a method is retried only when it is idempotent or retries were asked for explicitly.
    /// </summary>
    public static int[] ResolveRetries(ServiceDescriptor service, int? explicitRetries, int defaultRetries)
    {
        var retries = new int[service.Methods.Count];
        foreach (var method in service.Methods)
        {
            retries[method.Index] = explicitRetries ?? (method.Retries >= 0 ? method.Retries : method.Idempotent ? defaultRetries : 0);
        }

        return retries;
    }

    /// <summary>
    /// Creates the strategy <paramref name="name"/> for every method of the directory's service. Validates
    /// <paramref name="settings"/>. The cluster owns the directory. <paramref name="time"/> drives failback's timers and
    /// the circuit breakers (default: the system clock).
    /// </summary>
    public static ClusterInvoker Create(
        string name,
        IDirectory directory,
        RouterChain routers,
        ILoadBalancer loadBalancer,
        ClusterSettings settings,
        int[] retriesByMethod,
        ILogger logger,
        TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var names = new string[directory.Service.Methods.Count];
        Array.Fill(names, Normalize(name));
        return Create(names, directory, routers, loadBalancer, settings, retriesByMethod, logger, time);
    }

    /// <summary>
    /// Creates a strategy per method (<paramref name="namesByMethod"/>, by method index); methods with the same name share
    /// one strategy instance, and a single name gives that strategy itself (a service without methods, never called,
    /// gets failover). Circuit breakers are shared by all methods.
    /// </summary>
    public static ClusterInvoker Create(
        IReadOnlyList<string> namesByMethod,
        IDirectory directory,
        RouterChain routers,
        ILoadBalancer loadBalancer,
        ClusterSettings settings,
        int[] retriesByMethod,
        ILogger logger,
        TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(namesByMethod);
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(retriesByMethod);
        ArgumentNullException.ThrowIfNull(logger);
        var service = directory.Service;
        if (namesByMethod.Count != service.Methods.Count || retriesByMethod.Length != service.Methods.Count)
        {
            throw new ArgumentException($"{service.ServiceKey} has {service.Methods.Count} methods; give a cluster name and a retry count for each.", nameof(namesByMethod));
        }

        var keys = new string[namesByMethod.Count];
        for (var i = 0; i < keys.Length; i++)
        {
            keys[i] = Normalize(namesByMethod[i]);
        }

        settings.Validate(service);
        time ??= TimeProvider.System;
        var parts = new Parts(directory, routers, loadBalancer, settings, retriesByMethod, logger, time, ClusterResilience.Create(service, settings, time));
        if (keys.Length == 0 || Array.TrueForAll(keys, k => k == keys[0]))
        {
            return CreateOne(keys.Length == 0 ? FailoverClusterInvoker.Name : keys[0], parts, ownsDirectory: true);
        }

        var distinct = new Dictionary<string, ClusterInvoker>(StringComparer.Ordinal);
        var byMethod = new ClusterInvoker[keys.Length];
        for (var i = 0; i < keys.Length; i++)
        {
            if (!distinct.TryGetValue(keys[i], out var cluster))
            {
                cluster = CreateOne(keys[i], parts, ownsDirectory: false);
                distinct[keys[i]] = cluster;
            }

            byMethod[i] = cluster;
        }

        return new MethodClusterInvoker(directory, routers, loadBalancer, byMethod);
    }

    private static string Normalize(string name)
        => IsKnown(name)
            ? name.ToLowerInvariant()
            : throw new ArgumentException($"Unknown cluster '{name}'; use one of: {string.Join(", ", Names)}.", nameof(name));

    private static ClusterInvoker CreateOne(string name, Parts p, bool ownsDirectory) => name switch
    {
        FailoverClusterInvoker.Name => new FailoverClusterInvoker(p.Directory, p.Routers, p.LoadBalancer, p.Retries, p.Resilience) { OwnsDirectory = ownsDirectory },
        FailfastClusterInvoker.Name => new FailfastClusterInvoker(p.Directory, p.Routers, p.LoadBalancer, p.Resilience) { OwnsDirectory = ownsDirectory },
        FailsafeClusterInvoker.Name => new FailsafeClusterInvoker(p.Directory, p.Routers, p.LoadBalancer, p.Resilience, p.Logger) { OwnsDirectory = ownsDirectory },
        FailbackClusterInvoker.Name => new FailbackClusterInvoker(p.Directory, p.Routers, p.LoadBalancer, p.Resilience, p.Settings, p.Logger, p.Time) { OwnsDirectory = ownsDirectory },
        ForkingClusterInvoker.Name => new ForkingClusterInvoker(p.Directory, p.Routers, p.LoadBalancer, p.Resilience, p.Settings.Forks) { OwnsDirectory = ownsDirectory },
        BroadcastClusterInvoker.Name => new BroadcastClusterInvoker(p.Directory, p.Routers, p.LoadBalancer, p.Resilience, p.Settings.BroadcastFailPercent) { OwnsDirectory = ownsDirectory },
        AvailableClusterInvoker.Name => new AvailableClusterInvoker(p.Directory, p.Routers, p.LoadBalancer, p.Resilience) { OwnsDirectory = ownsDirectory },
        _ => throw new ArgumentException($"Unknown cluster '{name}'; use one of: {string.Join(", ", Names)}.", nameof(name)),
    };

    /// <summary>What every strategy of one reference is made of.</summary>
    private readonly record struct Parts(
        IDirectory Directory,
        RouterChain Routers,
        ILoadBalancer LoadBalancer,
        ClusterSettings Settings,
        int[] Retries,
        ILogger Logger,
        TimeProvider Time,
        ClusterResilience? Resilience);
}
