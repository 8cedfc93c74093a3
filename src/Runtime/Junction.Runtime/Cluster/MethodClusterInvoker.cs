using Junction.Invocation;
using Junction.LoadBalancing;
using Junction.Routing;

namespace Junction.Cluster;

/// <summary>
/// A reference whose methods use different strategies (<c>cluster</c> set per method): hands each call to its method's
/// strategy. The strategies share the directory, which this invoker owns and disposes once, after them.
/// </summary>
internal sealed class MethodClusterInvoker : ClusterInvoker
{
    private readonly ClusterInvoker[] _byMethod;
    private readonly ClusterInvoker[] _distinct;

    public MethodClusterInvoker(IDirectory directory, RouterChain routers, ILoadBalancer loadBalancer, ClusterInvoker[] byMethod)
        : base(directory, routers, loadBalancer)
    {
        ArgumentNullException.ThrowIfNull(byMethod);
        _byMethod = byMethod;
        _distinct = [.. byMethod.Distinct()];
    }

    /// <summary>The strategy of each method, by method index.</summary>
    internal IReadOnlyList<ClusterInvoker> ByMethod => _byMethod;

    /// <inheritdoc />
    public override ValueTask<RpcResult> InvokeAsync(Invocation.Invocation invocation) => _byMethod[invocation.Method.Index].InvokeAsync(invocation);

    /// <inheritdoc />
    public override async ValueTask DisposeAsync()
    {
        foreach (var cluster in _distinct)
        {
            await cluster.DisposeAsync().ConfigureAwait(false);
        }

        await base.DisposeAsync().ConfigureAwait(false);
    }
}
