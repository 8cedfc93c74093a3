using Junction.Invocation;
using Junction.Registry;

namespace Junction.Scripting.Tests;

/// <summary>A provider for routers to choose from: an instance with metadata; never called.</summary>
internal sealed class ProbeProvider(ServiceInstance instance) : IProviderInvoker
{
    public ServiceInstance Instance { get; } = instance;

    public bool IsAvailable => true;

    public ProviderStats Stats { get; } = new(2);

    public ValueTask<RpcResult> InvokeAsync(Invocation.Invocation invocation) => throw new NotSupportedException("Routed, never called.");

    public ValueTask DisposeAsync() => default;

    public override string ToString() => Instance.Host;
}
