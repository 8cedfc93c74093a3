using Junction.Invocation;

namespace Junction.Registry.Override;

/// <summary>
/// A referred provider shown with the instance overrides made of it (another weight, more metadata): calls, statistics
/// and availability are the provider's own, so an override never opens a new connection or resets its counters.
/// </summary>
/// <remarks>
/// State that balancers keep per listed invoker (round robin's running score) starts afresh when an override changes how
/// the provider looks, as Dubbo's round robin resets on a weight change. The circuit breaker is kept: it belongs to the
/// invoker under the override (see <see cref="Cluster.ClusterResilience"/>).
/// </remarks>
internal sealed class OverriddenProviderInvoker(IProviderInvoker provider, ServiceInstance instance) : IProviderInvoker
{
    /// <summary>The invoker the directory referred, under the override.</summary>
    public IProviderInvoker Provider => provider;

    public ServiceInstance Instance => instance;

    public bool IsAvailable => provider.IsAvailable;

    public ProviderStats Stats => provider.Stats;

    public ValueTask<RpcResult> InvokeAsync(Invocation.Invocation invocation) => provider.InvokeAsync(invocation);

    /// <summary>Nothing: the directory releases the provider itself, once, when it leaves the list.</summary>
    public ValueTask DisposeAsync() => default;

    public override string ToString() => provider.ToString() ?? instance.ToString();
}
