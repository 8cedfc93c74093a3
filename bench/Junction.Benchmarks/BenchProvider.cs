using Junction.Invocation;
using Junction.Registry;

namespace Junction.Benchmarks;

/// <summary>A provider for balancers to pick from: an address, a weight, a start time and statistics; never called.</summary>
internal sealed class BenchProvider(ServiceInstance instance, int methodCount) : IProviderInvoker
{
    public ServiceInstance Instance { get; } = instance;

    public bool IsAvailable => true;

    public ProviderStats Stats { get; } = new(methodCount);

    public ValueTask<RpcResult> InvokeAsync(Invocation.Invocation invocation) => throw new NotSupportedException("Benchmark providers are picked, never called.");

    public ValueTask DisposeAsync() => default;
}
