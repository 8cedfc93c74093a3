using Junction.Invocation;
using Junction.LoadBalancing;
using Junction.Routing;

namespace Junction.Cluster;

/// <summary>
/// Dubbo's default strategy: on a transport failure, retry on a provider not tried yet. Retries apply only to methods
/// that are idempotent or whose retries were set explicitly; business errors are never retried.
/// </summary>
public sealed class FailoverClusterInvoker : ClusterInvoker
{
    /// <summary>The name used in configuration.</summary>
    public const string Name = "failover";

    private readonly int[] _retries;

    /// <summary>Creates the cluster; <paramref name="retriesByMethod"/> holds the resolved retry count per method index.</summary>
    public FailoverClusterInvoker(IDirectory directory, RouterChain routers, ILoadBalancer loadBalancer, int[] retriesByMethod)
        : this(directory, routers, loadBalancer, retriesByMethod, null)
    {
    }

    internal FailoverClusterInvoker(IDirectory directory, RouterChain routers, ILoadBalancer loadBalancer, int[] retriesByMethod, ClusterResilience? resilience)
        : base(directory, routers, loadBalancer, resilience)
    {
        ArgumentNullException.ThrowIfNull(retriesByMethod);
        _retries = retriesByMethod;
    }

    /// <inheritdoc />
    public override ValueTask<RpcResult> InvokeAsync(Invocation.Invocation invocation)
    {
        var candidates = List(invocation);
        var provider = Select(invocation, candidates, null);
        if (provider is null)
        {
            return new ValueTask<RpcResult>(RpcResult.FromException(NoProvider(invocation)));
        }

        var first = Attempt(provider, invocation);
        if (first.IsCompletedSuccessfully)
        {
            // Reading Result consumes a ValueTask (a pooled one goes back to its pool), so it is never returned after.
            var result = first.Result;
            return ClusterErrors.IsTransient(result)
                ? RetryAsync(invocation, provider, new ValueTask<RpcResult>(result), _retries[invocation.Method.Index])
                : new ValueTask<RpcResult>(result);
        }

        return RetryAsync(invocation, provider, first, _retries[invocation.Method.Index]);
    }

    [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<RpcResult> RetryAsync(Invocation.Invocation invocation, IProviderInvoker provider, ValueTask<RpcResult> pending, int retries)
    {
        var result = await pending.ConfigureAwait(false);
        if (!ClusterErrors.IsTransient(result))
        {
            return result;
        }

        // Only failed calls get here, so the list costs nothing on the common path.
        var tried = new List<IProviderInvoker>(retries + 1) { provider };
        for (var attempt = 1; attempt <= retries && ClusterErrors.IsTransient(result) && !invocation.CancellationToken.IsCancellationRequested; attempt++)
        {
            // Listed again: routing and availability may have changed since the last attempt (Dubbo re-lists too).
            // Select prefers providers not tried yet, so no provider is called twice while an untried one remains.
            var next = Select(invocation, List(invocation), tried);
            if (next is null)
            {
                break;
            }

            tried.Add(next);
            result = await Attempt(next, invocation).ConfigureAwait(false);
        }

        return ClusterErrors.IsTransient(result)
            ? RpcResult.FromException(ClusterErrors.Failed(invocation, "failed after " + ClusterErrors.Attempts(tried.Count), tried, result.Exception!))
            : result;
    }
}
