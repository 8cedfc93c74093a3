using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Tasks.Sources;
using Junction.Invocation;

namespace Junction.Protocols.Tcp;

/// <summary>
/// One call waiting for its response: the awaitable the consumer holds, pooled so a call allocates no task or
/// completion source. Completed exactly once, by whoever removes its id from the connection's pending table first —
/// the response, the deadline, the caller's cancellation or the connection breaking. Nothing but that table and the
/// awaiting caller may hold it, because it is reused as soon as the caller has its result.
/// </summary>
internal sealed class PendingCall : IValueTaskSource<RpcResult>
{
    private static readonly ConcurrentQueue<PendingCall> Pool = new();

    // Every caller continues on the thread pool, never on the read loop. Completing the callers of one read inline, or
    // together on one pool thread, measured at most a few percent faster here (2026-11-22, junction-bench --quick
    // --baseline, within this VM's noise), and either lets one caller that blocks after its await hold up the responses
    // behind it, or deadlock the connection (TcpCompletionTests).
    private ManualResetValueTaskSourceCore<RpcResult> _source = new() { RunContinuationsAsynchronously = true };
    private CancellationTokenRegistration _cancellation;

    public long Id { get; private set; }

    public Invocation.Invocation Invocation { get; private set; } = null!;

    /// <summary>When the call's deadline passes, as a <see cref="Stopwatch"/> timestamp; long.MaxValue for none.</summary>
    public long Deadline { get; private set; }

    public short Version => _source.Version;

    public static PendingCall Rent(long id, Invocation.Invocation invocation)
    {
        if (!Pool.TryDequeue(out var call))
        {
            call = new PendingCall();
        }

        call.Id = id;
        call.Invocation = invocation;
        call.Deadline = invocation.Timeout > TimeSpan.Zero
            ? Stopwatch.GetTimestamp() + (long)(invocation.Timeout.TotalSeconds * Stopwatch.Frequency)
            : long.MaxValue;
        return call;
    }

    /// <summary>Ties the call to the caller's token: cancelling it runs <paramref name="onCancel"/> once.</summary>
    public void WatchCancellation(Action<object?> onCancel)
    {
        if (Invocation.CancellationToken.CanBeCanceled)
        {
            _cancellation = Invocation.CancellationToken.UnsafeRegister(onCancel, this);
        }
    }

    /// <summary>Completes the call; only its remover from the pending table may call this.</summary>
    public void Complete(RpcResult result)
    {
        _cancellation.Dispose();
        _cancellation = default;
        _source.SetResult(result);
    }

    public RpcResult GetResult(short token)
    {
        try
        {
            return _source.GetResult(token);
        }
        finally
        {
            _source.Reset();
            Invocation = null!;
            Pool.Enqueue(this);
        }
    }

    public ValueTaskSourceStatus GetStatus(short token) => _source.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags)
        => _source.OnCompleted(continuation, state, token, flags);
}
