using Junction.Invocation;
using Junction.LoadBalancing;

namespace Junction.Hosting;

/// <summary>A reference whose methods balance differently (<see cref="MethodOptions.LoadBalance"/>): each pick goes to its method's balancer.</summary>
internal sealed class MethodLoadBalancer(ILoadBalancer[] byMethodIndex) : ILoadBalancer
{
    public IProviderInvoker Select(IProviderInvoker[] providers, Invocation.Invocation invocation)
        => byMethodIndex[invocation.Method.Index].Select(providers, invocation);
}
