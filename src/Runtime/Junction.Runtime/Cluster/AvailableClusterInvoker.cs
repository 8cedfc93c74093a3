using Junction.Invocation;
using Junction.LoadBalancing;
using Junction.Routing;

namespace Junction.Cluster;

/// <summary>
/// Dubbo's available: calls the first provider in the directory's order that is available (and left by routing), once,
/// without the load balancer — for a primary with standbys, where the order of the providers is the preference.
/// </summary>
internal sealed class AvailableClusterInvoker : ClusterInvoker
{
    /// <summary>The name used in configuration.</summary>
    public const string Name = "available";

    public AvailableClusterInvoker(IDirectory directory, RouterChain routers, ILoadBalancer loadBalancer, ClusterResilience? resilience)
        : base(directory, routers, loadBalancer, resilience)
    {
    }

    /// <inheritdoc />
    public override ValueTask<RpcResult> InvokeAsync(Invocation.Invocation invocation)
    {
        // List keeps the directory's order and leaves out unavailable providers and open circuits.
        var providers = List(invocation);
        return providers.Length == 0
            ? new ValueTask<RpcResult>(RpcResult.FromException(NoProvider(invocation)))
            : Once(providers[0], invocation, "failed (available, not retried)");
    }
}
