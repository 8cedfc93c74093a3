using System.Collections.Concurrent;
using Junction.Invocation;

namespace Junction.Protocols.Tcp;

/// <summary>
/// One request being served: runs the provider chain, on its connection's read loop or as a pooled thread-pool work
/// item, and hands the result to the connection's writer. Its <see cref="CancellationTokenSource"/> fires at the deadline or on the consumer's cancel.
/// The deadline is a timestamp checked by the server's coarse sweep, not a timer armed per call: arming and disarming
/// a timer for every request was the largest cost on the provider's call path.
/// </summary>
internal sealed class ServerCall : IThreadPoolWorkItem
{
    private static readonly ConcurrentQueue<ServerCall> Pool = new();

    private CancellationTokenSource _cancellation = new();
    private TcpServerConnection _connection = null!;
    private Exporter _exporter = null!;
    private bool _cancelledByConsumer;

    public long Id { get; private set; }

    public Invocation.Invocation Invocation { get; private set; } = null!;

    public RpcResult Result { get; private set; }

    /// <summary>Whether the consumer sent a cancel event (as opposed to the deadline passing).</summary>
    public bool CancelledByConsumer => Volatile.Read(ref _cancelledByConsumer);

    public static ServerCall Rent() => Pool.TryDequeue(out var call) ? call : new ServerCall();

    /// <summary>When the call's deadline passes (a <see cref="System.Diagnostics.Stopwatch"/> timestamp); long.MaxValue for none.</summary>
    public long Deadline { get; private set; }

    public CancellationToken Start(TcpServerConnection connection, Exporter exporter, long id, TimeSpan timeout)
    {
        _connection = connection;
        _exporter = exporter;
        Id = id;
        _cancelledByConsumer = false;
        Deadline = timeout > TimeSpan.Zero
            ? System.Diagnostics.Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * System.Diagnostics.Stopwatch.Frequency)
            : long.MaxValue;
        return _cancellation.Token;
    }

    /// <summary>Cancels the implementation's token if call <paramref name="id"/> is past its deadline.</summary>
    public void CancelIfExpired(long id, long now)
    {
        if (Deadline > now)
        {
            return;
        }

        lock (this)
        {
            if (Id == id && !_cancellation.IsCancellationRequested)
            {
                _cancellation.Cancel();
            }
        }
    }

    public void Bind(Invocation.Invocation invocation) => Invocation = invocation;

    /// <summary>Runs the provider chain on this thread until its first await.</summary>
    public void Execute()
    {
        ValueTask<RpcResult> pending;
        try
        {
            pending = _exporter.Invoker.InvokeAsync(Invocation);
        }
        catch (Exception e)
        {
            Finish(RpcResult.FromException(e));
            return;
        }

        if (pending.IsCompletedSuccessfully)
        {
            Finish(pending.Result);
        }
        else
        {
            _ = AwaitAsync(pending);
        }
    }

    /// <summary>The consumer gave up: the implementation's token is cancelled. Ignored if the call already moved on.</summary>
    public void CancelByConsumer(long id)
    {
        lock (this)
        {
            if (Id == id)
            {
                _cancelledByConsumer = true;
                _cancellation.Cancel();
            }
        }
    }

    public bool DeadlinePassed => _cancellation.IsCancellationRequested && !_cancelledByConsumer;

    /// <summary>Back to the pool once the response is written.</summary>
    public void Return()
    {
        lock (this)
        {
            Id = -1;
            if (!_cancellation.TryReset())
            {
                _cancellation.Dispose();
                _cancellation = new CancellationTokenSource();
            }
        }

        Invocation = null!;
        _exporter = null!;
        _connection = null!;
        Result = default;
        Pool.Enqueue(this);
    }

    private async Task AwaitAsync(ValueTask<RpcResult> pending)
    {
        RpcResult result;
        try
        {
            result = await pending.ConfigureAwait(false);
        }
        catch (Exception e)
        {
            result = RpcResult.FromException(e);
        }

        Finish(result);
    }

    private void Finish(RpcResult result)
    {
        Result = result;
        _connection.Respond(this);
    }
}
