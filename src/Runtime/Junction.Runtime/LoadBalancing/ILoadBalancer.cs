using Junction.Invocation;

namespace Junction.LoadBalancing;

/// <summary>Picks one provider for a call (Dubbo's LoadBalance). Called with at least one provider.</summary>
public interface ILoadBalancer
{
    /// <summary>Picks one of <paramref name="providers"/> (never empty).</summary>
    IProviderInvoker Select(IProviderInvoker[] providers, Invocation.Invocation invocation);
}
