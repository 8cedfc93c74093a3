using Junction.Invocation;
using Junction.Registry;

namespace Junction.Filters;

/// <summary>A provider invoker with the consumer's per-provider filters around it; everything else is the provider's.</summary>
internal sealed class FilteredProviderInvoker : IProviderInvoker
{
    private readonly IProviderInvoker _provider;
    private readonly IInvoker _chain;

    private FilteredProviderInvoker(IProviderInvoker provider, IInvoker chain)
    {
        _provider = provider;
        _chain = chain;
    }

    public ServiceInstance Instance => _provider.Instance;

    public bool IsAvailable => _provider.IsAvailable;

    public ProviderStats Stats => _provider.Stats;

    /// <summary>The provider itself when there are no filters, so an unfiltered reference pays nothing.</summary>
    public static IProviderInvoker Wrap(IProviderInvoker provider, IReadOnlyList<IFilter> filters)
        => filters.Count == 0 ? provider : new FilteredProviderInvoker(provider, FilterChain.Build(filters, provider));

    /// <summary>The provider under the filters (protocol invokers, for connection management).</summary>
    public static IProviderInvoker Unwrap(IProviderInvoker invoker)
    {
        // An override (weight, metadata) wraps the filtered invoker the directory referred.
        if (invoker is Registry.Override.OverriddenProviderInvoker overridden)
        {
            invoker = overridden.Provider;
        }

        return invoker is FilteredProviderInvoker filtered ? filtered._provider : invoker;
    }

    public ValueTask<RpcResult> InvokeAsync(Invocation.Invocation invocation) => _chain.InvokeAsync(invocation);

    public ValueTask DisposeAsync() => _provider.DisposeAsync();

    public override string ToString() => _provider.ToString() ?? Instance.ToString();
}
