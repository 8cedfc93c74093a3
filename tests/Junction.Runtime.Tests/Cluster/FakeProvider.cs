using System.Collections.Concurrent;
using System.Threading.Channels;
using Junction.Invocation;
using Junction.Registry;

namespace Junction.Runtime.Tests.Cluster;

/// <summary>
/// A provider that a test controls: it answers through the real generated dispatcher or fails as told
/// (<see cref="Fault"/>), records every call it receives, and lets a test await calls and cancellations.
/// </summary>
internal sealed class FakeProvider : IProviderInvoker
{
    private static int _lastPort = 20880;
    private static long _sequence;

    private readonly IInvoker _answer;
    private readonly ConcurrentQueue<Invocation.Invocation> _calls = new();
    private readonly Channel<Invocation.Invocation> _arrivals = Channel.CreateUnbounded<Invocation.Invocation>();
    private readonly TaskCompletionSource<Invocation.Invocation> _firstCancelled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile Fault _fault;
    private readonly ConcurrentQueue<long> _order = new();
    private volatile TaskCompletionSource? _gate;
    private int _failNext;
    private Fault _nextFault;

    public FakeProvider(string name, Fault fault = Fault.None)
    {
        Name = name;
        _fault = fault;
        Instance = new ServiceInstance(ClusterKit.Service.ServiceKey, "fake", name, Interlocked.Increment(ref _lastPort));
        Stats = new ProviderStats(ClusterKit.Service.Methods.Count);
        _answer = new DispatcherInvoker(ClusterKit.Service, new ClusterProbeService(name));
    }

    public string Name { get; }

    public Fault Fault
    {
        get => _fault;
        set => _fault = value;
    }

    public ServiceInstance Instance { get; }

    public bool IsAvailable { get; set; } = true;

    public ProviderStats Stats { get; }

    public int Calls => _calls.Count;

    public IReadOnlyCollection<Invocation.Invocation> Invocations => _calls;

    /// <summary>When each call arrived, on a clock shared by every fake provider (for the order of calls).</summary>
    public IReadOnlyCollection<long> Arrivals => _order;

    /// <summary>Makes the next <paramref name="count"/> calls fail with <paramref name="fault"/>, then <see cref="Fault"/> again.</summary>
    public void FailNext(int count, Fault fault)
    {
        _nextFault = fault;
        Volatile.Write(ref _failNext, count);
    }

    /// <summary>Completes when a call to this provider has seen its cancellation token fire.</summary>
    public Task<Invocation.Invocation> Cancelled => _firstCancelled.Task;

    /// <summary>Makes calls wait until <see cref="Release"/> (or their cancellation) before they answer or fail.</summary>
    public void Hold() => _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release() => _gate?.TrySetResult();

    /// <summary>The next call this provider receives (waiting for it if none is there yet).</summary>
    public Task<Invocation.Invocation> NextCallAsync()
        => _arrivals.Reader.ReadAsync().AsTask().WaitAsync(ClusterKit.Patience);

    public async ValueTask<RpcResult> InvokeAsync(Invocation.Invocation invocation)
    {
        _order.Enqueue(Interlocked.Increment(ref _sequence));
        _calls.Enqueue(invocation);
        _arrivals.Writer.TryWrite(invocation);
        var fault = Interlocked.Decrement(ref _failNext) >= 0 ? _nextFault : Fault;
        if (_gate is { } gate)
        {
            var released = await WaitForCancellationAsync(invocation, gate.Task.WaitAsync(ClusterKit.Patience, invocation.CancellationToken));
            if (!released.IsSuccess)
            {
                return released;
            }
        }

        switch (fault)
        {
            case Fault.Unavailable:
                return RpcResult.FromException(new RpcException(RpcStatusCode.Unavailable, $"{Name} is unreachable"));
            case Fault.Deadline:
                return RpcResult.FromException(new RpcException(RpcStatusCode.DeadlineExceeded, $"{Name} did not answer in time"));
            case Fault.Business:
                return RpcResult.FromException(new RpcException(RpcStatusCode.FailedPrecondition, $"{Name} refused: out of stock"));
            case Fault.Hang:
                return await WaitForCancellationAsync(invocation, HangAsync(invocation.CancellationToken));
        }

        return await _answer.InvokeAsync(invocation);
    }

    private async Task<RpcResult> WaitForCancellationAsync(Invocation.Invocation invocation, Task wait)
    {
        try
        {
            await wait;
            return RpcResult.FromValue(Junction.Serialization.Empty.Instance);
        }
        catch (TimeoutException)
        {
            // Held longer than any test waits: fail the call rather than hang the test run.
            return RpcResult.FromException(new RpcException(RpcStatusCode.Internal, $"{Name} was held for {ClusterKit.Patience} and never released or cancelled"));
        }
        catch (OperationCanceledException)
        {
            _firstCancelled.TrySetResult(invocation);
            return RpcResult.FromException(RpcErrors.CancelledByCaller(invocation, Instance.ToString()));
        }
    }

    /// <summary>Waits for cancellation, but never longer than a test would wait.</summary>
    private static async Task HangAsync(CancellationToken cancellationToken)
    {
        await Task.Delay(ClusterKit.Patience, cancellationToken);
        throw new TimeoutException();
    }

    public ValueTask DisposeAsync() => default;

    public override string ToString() => Name;
}
