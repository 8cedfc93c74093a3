using Junction.Invocation;
using Junction.LoadBalancing;
using Junction.Routing;

namespace Junction.Cluster;

/// <summary>
/// Turns one logical call into calls to providers (Dubbo's ClusterInvoker): lists the directory, routes, load balances,
/// and applies a fault-tolerance strategy in <see cref="InvokeAsync"/>.
/// </summary>
public abstract class ClusterInvoker : IInvoker, IAsyncDisposable
{
    private readonly ClusterResilience? _resilience;

    /// <summary>Creates the cluster over a directory.</summary>
    protected ClusterInvoker(IDirectory directory, RouterChain routers, ILoadBalancer loadBalancer)
        : this(directory, routers, loadBalancer, null)
    {
    }

    /// <summary>Creates the cluster over a directory, with what runs around each attempt (null: nothing).</summary>
    private protected ClusterInvoker(IDirectory directory, RouterChain routers, ILoadBalancer loadBalancer, ClusterResilience? resilience)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(routers);
        ArgumentNullException.ThrowIfNull(loadBalancer);
        Directory = directory;
        Routers = routers;
        LoadBalancer = loadBalancer;
        _resilience = resilience;
    }

    /// <summary>Where providers come from.</summary>
    protected IDirectory Directory { get; }

    /// <summary>The routers every call goes through.</summary>
    protected RouterChain Routers { get; }

    /// <summary>The load balancer.</summary>
    protected ILoadBalancer LoadBalancer { get; }

    /// <inheritdoc />
    public abstract ValueTask<RpcResult> InvokeAsync(Invocation.Invocation invocation);

    /// <summary>Whether this cluster disposes its directory when it is disposed (not when it shares it).</summary>
    internal bool OwnsDirectory { get; init; } = true;

    /// <summary>
    /// The providers this call may use: the directory's available providers after routing. A provider whose circuit
    /// breaker is open counts as unavailable.
    /// </summary>
    protected IProviderInvoker[] List(Invocation.Invocation invocation)
    {
        var available = Available(Directory.Providers.Invokers);
        return available.Length == 0 ? available : Routers.Route(available, invocation);
    }

    /// <summary>The selectable providers of <paramref name="all"/>: <paramref name="all"/> itself when every one is.</summary>
    private IProviderInvoker[] Available(IProviderInvoker[] all)
    {
        var available = all;
        for (var i = 0; i < all.Length; i++)
        {
            if (!IsSelectable(all[i]))
            {
                // Rare: only copy when some provider is down.
                available = SelectableOf(all, i);
                break;
            }
        }

        return available;
    }

    private bool IsSelectable(IProviderInvoker provider)
        => provider.IsAvailable && (_resilience is not { HasBreakers: true } || _resilience.IsSelectable(provider));

    /// <summary>The selectable providers of <paramref name="all"/>, whose first <paramref name="firstOut"/> are.</summary>
    private IProviderInvoker[] SelectableOf(IProviderInvoker[] all, int firstOut)
    {
        var selectable = new List<IProviderInvoker>(all.Length - 1);
        for (var i = 0; i < all.Length; i++)
        {
            if (i < firstOut || (i > firstOut && IsSelectable(all[i])))
            {
                selectable.Add(all[i]);
            }
        }

        return [.. selectable];
    }

    /// <summary>
    /// Picks a provider, preferring ones not in <paramref name="tried"/> (Dubbo's select/reselect); returns null when
    /// there is none.
    /// </summary>
    protected IProviderInvoker? Select(Invocation.Invocation invocation, IProviderInvoker[] candidates, List<IProviderInvoker>? tried)
    {
        if (candidates.Length == 0)
        {
            return null;
        }

        var picked = LoadBalancer.Select(candidates, invocation);
        return tried is null || !tried.Contains(picked) ? picked : Reselect(invocation, candidates, tried, picked);
    }

    // Kept out of Select, which every call runs: a lambda over tried there made C# allocate its closure on entry to
    // Select, on every call, and the list here is only needed once a provider was tried.
    private IProviderInvoker Reselect(Invocation.Invocation invocation, IProviderInvoker[] candidates, List<IProviderInvoker> tried, IProviderInvoker picked)
    {
        var untried = new List<IProviderInvoker>(candidates.Length);
        foreach (var candidate in candidates)
        {
            if (!tried.Contains(candidate))
            {
                untried.Add(candidate);
            }
        }

        return untried.Count == 0 ? picked : LoadBalancer.Select([.. untried], invocation);
    }

    /// <summary>
    /// Calls one provider, keeping its <see cref="IProviderInvoker.Stats"/> (active count, successes, latency) up to
    /// date, through the method's resilience pipeline and the provider's circuit breaker when configured. Every
    /// strategy calls providers through this.
    /// </summary>
    protected ValueTask<RpcResult> Attempt(IProviderInvoker provider, Invocation.Invocation invocation)
        => _resilience is null ? Call(provider, invocation) : _resilience.ExecuteAsync(provider, invocation);

    /// <summary>
    /// One attempt and no retry. A transport failure comes back naming the service, method and provider
    /// (<paramref name="summary"/> says what the strategy did); a business error comes back as the provider sent it.
    /// </summary>
    private protected ValueTask<RpcResult> Once(IProviderInvoker provider, Invocation.Invocation invocation, string summary)
    {
        var pending = Attempt(provider, invocation);
        if (pending.IsCompletedSuccessfully)
        {
            var result = pending.Result;
            return new ValueTask<RpcResult>(ClusterErrors.IsTransient(result) ? OnceFailed(provider, invocation, summary, result) : result);
        }

        return AwaitOnceAsync(provider, invocation, summary, pending);
    }

    [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<RpcResult> AwaitOnceAsync(IProviderInvoker provider, Invocation.Invocation invocation, string summary, ValueTask<RpcResult> pending)
    {
        var result = await pending.ConfigureAwait(false);
        return ClusterErrors.IsTransient(result) ? OnceFailed(provider, invocation, summary, result) : result;
    }

    private static RpcResult OnceFailed(IProviderInvoker provider, Invocation.Invocation invocation, string summary, RpcResult result)
        => RpcResult.FromException(ClusterErrors.Failed(invocation, summary, [provider], result.Exception!));

    /// <summary>The call itself, with the provider's statistics kept; what <see cref="Attempt"/> wraps.</summary>
    internal static ValueTask<RpcResult> Call(IProviderInvoker provider, Invocation.Invocation invocation)
    {
        var stats = provider.Stats;
        var started = stats.Begin(invocation.Method);
        ValueTask<RpcResult> pending;
        try
        {
            pending = provider.InvokeAsync(invocation);
        }
        catch
        {
            stats.End(invocation.Method, started, succeeded: false);
            throw;
        }

        if (pending.IsCompletedSuccessfully)
        {
            var result = pending.Result;
            stats.End(invocation.Method, started, result.IsSuccess);
            return new ValueTask<RpcResult>(result);
        }

        return AwaitAttemptAsync(stats, invocation.Method, started, pending);
    }

    [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<RpcResult> AwaitAttemptAsync(ProviderStats stats, Contracts.MethodDescriptor method, long started, ValueTask<RpcResult> pending)
    {
        var succeeded = false;
        try
        {
            var result = await pending.ConfigureAwait(false);
            succeeded = result.IsSuccess;
            return result;
        }
        finally
        {
            stats.End(method, started, succeeded);
        }
    }

    /// <summary>The error for a call that found no provider at all.</summary>
    protected RpcException NoProvider(Invocation.Invocation invocation)
    {
        // Each state read on the side of the list where it can only err towards the list: the first list's state before
        // it (a list handed to calls between the reads would otherwise blame the registry), disposal after it (the list
        // a disposal empties is then always seen as disposed).
        var registry = Directory as Registry.RegistryDirectory;
        var waiting = registry is { FirstSnapshot.IsCompleted: false };
        var arrived = waiting && registry!.FirstListArrived;
        var all = Directory.Providers.Invokers;
        var disposed = registry is { IsDisposed: true };
        string why;
        if (all.Length == 0 && disposed)
        {
            why = "the client was released (disposed, or its host stopped), which ends its provider list; make calls before that";
        }
        else if (all.Length == 0 && waiting)
        {
            why = arrived
                ? "the registry's first provider list arrived, but its routing and override rules were still being read or applied when the " +
                  "call's timeout ran out (the config source's first answer is waited for up to RoutingOptions.FirstRulesWait; a C# script rule takes a second or more " +
                  "to compile the first time); give the consumer's first calls a longer timeout, or check that the config source is reachable"
                : "the registry has not answered yet (the call waited its whole timeout); check that the registry is reachable — " +
                  "with a cache file from an earlier run the consumer uses it after JunctionOptions.RegistryGracePeriod";
        }
        else if (all.Length == 0)
        {
            why = registry?.WhyEmpty
                ?? "the registry lists no provider for it; start a provider or check the consumer's version, group and protocol";
        }
        else
        {
            // Asked again now: a provider may have become available since the call chose (a connection coming back).
            // Only if routing still leaves none is routing the reason.
            var available = Available(all);
            why = available.Length == 0 || Routers.Route(available, invocation).Length > 0
                ? $"none of its {all.Length} provider(s) is available (connections down or circuits open)"
                : "routing left no provider: " + Routers.ExplainEmpty(available, invocation) +
                  "; check the rule, or make it not forced so that an empty match falls back to all providers";
        }

        return new RpcException(RpcStatusCode.Unavailable, $"No provider for {invocation.Service.ServiceKey} method {invocation.Method.Name}: {why}.");
    }

    /// <inheritdoc />
    public virtual ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return OwnsDirectory ? Directory.DisposeAsync() : default;
    }
}
