using Junction.Invocation;
using Junction.LoadBalancing;

namespace Junction.Runtime.Tests.Cluster;

/// <summary>
/// Always picks the first provider it is offered: the worst case for reselection, since it keeps offering a provider
/// already tried, and a predictable one for tests.
/// </summary>
internal sealed class FirstLoadBalancer : ILoadBalancer
{
    public int Selections { get; private set; }

    public IProviderInvoker Select(IProviderInvoker[] providers, Invocation.Invocation invocation)
    {
        Selections++;
        return providers[0];
    }
}
