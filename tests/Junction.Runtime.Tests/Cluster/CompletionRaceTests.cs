using System.Threading.Tasks.Sources;
using Junction.Cluster;
using Junction.Invocation;
using Junction.Registry;

namespace Junction.Runtime.Tests.Cluster;

/// <summary>
/// A provider's answer may arrive between a strategy starting an attempt and looking at it, so a strategy sees a
/// pooled ValueTask that is already complete. Reading its result consumes it; returning it afterwards hands the caller
/// a ValueTask that belongs to someone else (seen as InvalidOperationException under load over tcp).
/// </summary>
public class CompletionRaceTests
{
    /// <summary>Every strategy.</summary>
    public static TheoryData<string> Strategies => new(Clusters.Names);

    [Theory]
    [MemberData(nameof(Strategies))]
    public async Task An_attempt_that_completes_while_it_is_being_awaited_reaches_the_caller_once(string name)
    {
        await using var cluster = ClusterKit.Create(name, [new RacingProvider()]);

        for (var call = 0; call < 10; call++)
        {
            Assert.Equal(call + 1, await ClusterKit.Client(cluster).CountAsync(call));
        }
    }

    /// <summary>Answers through a ValueTask that completes the moment someone starts awaiting it.</summary>
    private sealed class RacingProvider : IProviderInvoker
    {
        private readonly IInvoker _answer = new DispatcherInvoker(ClusterKit.Service, new ClusterProbeService("racer"));

        public ServiceInstance Instance { get; } = new(ClusterKit.Service.ServiceKey, "fake", "racer", 1);

        public bool IsAvailable => true;

        public ProviderStats Stats { get; } = new(ClusterKit.Service.Methods.Count);

        public ValueTask<RpcResult> InvokeAsync(Invocation.Invocation invocation)
        {
            var answer = _answer.InvokeAsync(invocation);
            return new ValueTask<RpcResult>(new CompletesWhenAwaited(answer.Result), 0);
        }

        public ValueTask DisposeAsync() => default;
    }

    /// <summary>Pending until a continuation is registered, which it then runs at once, inline.</summary>
    private sealed class CompletesWhenAwaited(RpcResult result) : IValueTaskSource<RpcResult>
    {
        private bool _completed;

        public RpcResult GetResult(short token) => result;

        public ValueTaskSourceStatus GetStatus(short token) => _completed ? ValueTaskSourceStatus.Succeeded : ValueTaskSourceStatus.Pending;

        public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags)
        {
            _completed = true;
            continuation(state);
        }
    }
}
