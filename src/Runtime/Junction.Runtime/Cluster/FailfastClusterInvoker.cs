using Junction.Invocation;
using Junction.LoadBalancing;
using Junction.Routing;

namespace Junction.Cluster;

/// <summary>Calls one provider once and reports its failure (Dubbo's failfast), for non-idempotent writes.</summary>
public sealed class FailfastClusterInvoker : ClusterInvoker
{
    /// <summary>The name used in configuration.</summary>
    public const string Name = "failfast";

    /// <summary>Creates the cluster.</summary>
    public FailfastClusterInvoker(IDirectory directory, RouterChain routers, ILoadBalancer loadBalancer)
        : this(directory, routers, loadBalancer, null)
    {
    }

    internal FailfastClusterInvoker(IDirectory directory, RouterChain routers, ILoadBalancer loadBalancer, ClusterResilience? resilience)
        : base(directory, routers, loadBalancer, resilience)
    {
    }

    /// <inheritdoc />
    public override ValueTask<RpcResult> InvokeAsync(Invocation.Invocation invocation)
    {
        var provider = Select(invocation, List(invocation), null);
        return provider is null
            ? new ValueTask<RpcResult>(RpcResult.FromException(NoProvider(invocation)))
            : Once(provider, invocation, "failed (failfast, not retried)");
    }
}
