using System.Buffers;
using System.Threading.Tasks.Sources;
using Junction.Bench.Measurement;

namespace Junction.Bench.Bare;

/// <summary>
/// One caller's reusable call: its request frame (the id rewritten per call), a buffer the response payload is copied
/// into, and the awaitable the caller waits on. A closed-loop caller has one call in flight, so nothing is pooled or
/// allocated per call. The request id carries the slot index in its low 16 bits, which is how a response finds its
/// caller without a dictionary.
/// </summary>
internal sealed class BareCall : IValueTaskSource<int>
{
    public const int MaxSlots = 1 << 16;

    // Continuations run inline on the connection's read loop: the caller's next request is queued right there.
    private ManualResetValueTaskSourceCore<int> _source = new() { RunContinuationsAsynchronously = false };
    private readonly byte[] _frame;
    private readonly byte[] _response;
    private readonly int _slot;
    private long _sequence;
    private int _inFlight;

    public BareCall(int slot, byte[] frame, int payloadLength)
    {
        _slot = slot;
        _frame = frame;
        _response = new byte[payloadLength];
    }

    /// <summary>The request id of the call in flight.</summary>
    public long Id { get; private set; }

    public ReadOnlySpan<byte> Frame => _frame;

    public static int SlotOf(long id) => (int)(id & (MaxSlots - 1));

    /// <summary>Prepares the next call and returns what the caller awaits.</summary>
    public ValueTask<int> Start()
    {
        _source.Reset();
        Id = (++_sequence << 16) | (uint)_slot;
        BareFrame.WriteId(_frame, Id);
        Volatile.Write(ref _inFlight, 1);
        return new ValueTask<int>(this, _source.Version);
    }

    /// <summary>True for the one party allowed to complete the call in flight (its response, or a broken connection).</summary>
    private bool TryClaim() => Interlocked.Exchange(ref _inFlight, 0) == 1;

    /// <summary>Completes the call with the response's payload; returns the payload length to the caller.</summary>
    public void Complete(in ReadOnlySequence<byte> payload)
    {
        if (!TryClaim())
        {
            return;
        }

        if (payload.Length != _response.Length)
        {
            _source.SetResult(-1);
            return;
        }

        payload.CopyTo(_response);
        _source.SetResult(_response.Length);
    }

    /// <summary>Fails the call in flight, if any (its connection broke).</summary>
    public void Fail(Exception exception)
    {
        if (TryClaim())
        {
            _source.SetException(exception);
        }
    }

    public int GetResult(short token) => _source.GetResult(token);

    public ValueTaskSourceStatus GetStatus(short token) => _source.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags)
        => _source.OnCompleted(continuation, state, token, flags);
}

/// <summary>A baseline caller's call, for <see cref="ClosedLoop"/>.</summary>
internal readonly struct BareEcho(BareConnection connection, BareCall call, int payloadLength) : ICall<int>
{
    public ValueTask<int> InvokeAsync() => connection.Send(call);

    public bool IsValid(int response) => response == payloadLength;

    public int ProviderOf(int response) => 0;
}
