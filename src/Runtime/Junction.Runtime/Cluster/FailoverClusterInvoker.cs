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
        : base(directory, routers, loadBalancer)
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
        var retries = _retries[invocation.Method.Index];
        if (retries == 0 || (first.IsCompletedSuccessfully && !ShouldRetry(first.Result)))
        {
            return first;
        }

        return RetryAsync(invocation, provider, first, retries);
    }

    [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<RpcResult> RetryAsync(Invocation.Invocation invocation, IProviderInvoker provider, ValueTask<RpcResult> pending, int retries)
    {
        var tried = new List<IProviderInvoker>(retries + 1);
        var result = await pending.ConfigureAwait(false);
        tried.Add(provider);
        for (var attempt = 1; attempt <= retries && ShouldRetry(result) && !invocation.CancellationToken.IsCancellationRequested; attempt++)
        {
            var next = Select(invocation, List(invocation), tried);
            if (next is null)
            {
                break;
            }

            tried.Add(next);
            result = await Attempt(next, invocation).ConfigureAwait(false);
        }

        if (result.IsSuccess || !ShouldRetry(result) || tried.Count == 1)
        {
            return result;
        }

        var providers = string.Join(", ", tried.Select(t => t.Instance.ToString()));
        var last = result.Exception!;
        var status = last is RpcException rpc ? rpc.StatusCode : RpcStatusCode.Unknown;
        return RpcResult.FromException(new RpcException(
            status,
            $"{invocation.Service.ServiceKey} method {invocation.Method.Name} failed after {tried.Count} attempts on [{providers}]; last error: {last.Message}",
            last));
    }

    /// <summary>Transport failures are retried; business errors and cancellations are not.</summary>
    private static bool ShouldRetry(RpcResult result)
        => result.Exception is RpcException { StatusCode: RpcStatusCode.Unavailable or RpcStatusCode.DeadlineExceeded };
}
