using Junction.Cluster;
using Junction.Invocation;
using Junction.Registry;

namespace Junction.Runtime.Tests.Cluster;

/// <summary>
/// The strategies that make one attempt sit on every call's path: when the attempt succeeds they must not allocate
/// (no lists of tried providers, no copies, no closures). Counted with the thread's allocation counter, not timed.
/// </summary>
public class ClusterAllocationTests
{
    [Theory]
    [InlineData(FailoverClusterInvoker.Name)]
    [InlineData(FailfastClusterInvoker.Name)]
    [InlineData(FailsafeClusterInvoker.Name)]
    [InlineData(FailbackClusterInvoker.Name)]
    [InlineData(AvailableClusterInvoker.Name)]
    public async Task A_successful_attempt_allocates_nothing_in_the_cluster(string name)
    {
        var providers = new[] { new AnsweringProvider("p0"), new AnsweringProvider("p1") };
        await using var cluster = ClusterKit.Create(name, providers);
        var invocation = new Invocation.Invocation(ClusterKit.Method("Read"), providers[0].Answer.Value!);

        // The first call JIT-compiles and initialises statics; only the second is measured.
        Assert.True((await cluster.InvokeAsync(invocation)).IsSuccess);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var result = cluster.InvokeAsync(invocation);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(result.IsCompletedSuccessfully);
        Assert.True((await result).IsSuccess);
        Assert.Equal(0, allocated);
    }

    /// <summary>A provider that answers at once with the same response, allocating nothing.</summary>
    private sealed class AnsweringProvider(string name) : IProviderInvoker
    {
        public RpcResult Answer { get; } = RpcResult.FromValue(name);

        public ServiceInstance Instance { get; } = new(ClusterKit.Service.ServiceKey, "fake", name, 1);

        public bool IsAvailable => true;

        public ProviderStats Stats { get; } = new(ClusterKit.Service.Methods.Count);

        public ValueTask<RpcResult> InvokeAsync(Invocation.Invocation invocation) => new(Answer);

        public ValueTask DisposeAsync() => default;
    }
}
