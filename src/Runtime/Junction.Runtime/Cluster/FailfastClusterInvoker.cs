using Junction.Invocation;
using Junction.LoadBalancing;
using Junction.Routing;

namespace Junction.Cluster;

/// <summary>Calls one provider once and reports its failure as is (Dubbo's failfast), for non-idempotent writes.</summary>
public sealed class FailfastClusterInvoker(IDirectory directory, RouterChain routers, ILoadBalancer loadBalancer)
    : ClusterInvoker(directory, routers, loadBalancer)
{
    /// <summary>The name used in configuration.</summary>
    public const string Name = "failfast";

    /// <inheritdoc />
    public override ValueTask<RpcResult> InvokeAsync(Invocation.Invocation invocation)
    {
        var provider = Select(invocation, List(invocation), null);
        return provider is null
            ? new ValueTask<RpcResult>(RpcResult.FromException(NoProvider(invocation)))
            : Attempt(provider, invocation);
    }
}
