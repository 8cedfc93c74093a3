using Junction.Invocation;
using Junction.Registry;

namespace Junction.Runtime.Tests.Routing.Condition;

/// <summary>A provider for routers to choose from: an address and metadata; never called.</summary>
internal sealed class RouteProvider(ServiceInstance instance) : IProviderInvoker
{
    public ServiceInstance Instance { get; } = instance;

    public bool IsAvailable => true;

    public ProviderStats Stats { get; } = new(4);

    public ValueTask<RpcResult> InvokeAsync(Invocation.Invocation invocation) => throw new NotSupportedException("Routing tests only route.");

    public ValueTask DisposeAsync() => default;

    public override string ToString() => Instance.Host;
}
