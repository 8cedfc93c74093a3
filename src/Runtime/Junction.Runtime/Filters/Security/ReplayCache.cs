namespace Junction.Filters.Security;

/// <summary>
/// The signed calls an authenticating service has seen, by (access key, nonce), so that a captured call sent again is
/// refused. Bounded in memory and thread-safe.
/// </summary>
/// <remarks>
/// A call is remembered until its own timestamp leaves the replay window: from then on the timestamp check refuses it,
/// so remembering it longer would prove nothing. When <c>capacity</c> calls are remembered within the window, the one
/// with the oldest timestamp is forgotten and the cache refuses every call signed at or before it from then on (a
/// floor): evicting without the floor would let exactly the forgotten calls be replayed, and refusing every new call
/// would let one busy consumer lock out all others. A call is refused by the floor only when <c>capacity</c> calls
/// signed no earlier than it were accepted before it arrived; in the worst case the service refuses calls (fails
/// closed) rather than accept a replay. One lock per service: each step is a hash lookup and a heap step.
/// </remarks>
internal sealed class ReplayCache
{
    private readonly object _lock = new();
    private readonly HashSet<Entry> _seen = [];
    private readonly PriorityQueue<Entry, long> _byTimestamp = new();
    private readonly int _capacity;
    private readonly long _windowMs;
    private long _floor = long.MinValue;

    public ReplayCache(int capacity, TimeSpan window)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
        _windowMs = (long)window.TotalMilliseconds;
    }

    /// <summary>How many calls are remembered.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _seen.Count;
            }
        }
    }

    /// <summary>
    /// Remembers a call whose timestamp the caller already found within the window of <paramref name="nowMs"/>, or says
    /// why it must be refused.
    /// </summary>
    public ReplayVerdict TryRemember(object accessKey, UInt128 nonce, long timestampMs, long nowMs)
    {
        var entry = new Entry(accessKey, nonce);
        lock (_lock)
        {
            while (_byTimestamp.TryPeek(out var oldest, out var oldestMs) && oldestMs < nowMs - _windowMs)
            {
                _byTimestamp.Dequeue();
                _seen.Remove(oldest);
            }

            if (timestampMs <= _floor)
            {
                return ReplayVerdict.TooOld;
            }

            if (_seen.Contains(entry))
            {
                return ReplayVerdict.Replayed;
            }

            if (_seen.Count >= _capacity)
            {
                _byTimestamp.TryPeek(out var oldest, out var oldestMs);
                if (timestampMs <= oldestMs)
                {
                    // This call would be the one to forget: refuse it and keep what is remembered.
                    return ReplayVerdict.TooOld;
                }

                _byTimestamp.Dequeue();
                _seen.Remove(oldest);
                _floor = oldestMs;
            }

            _seen.Add(entry);
            _byTimestamp.Enqueue(entry, timestampMs);
            return ReplayVerdict.Remembered;
        }
    }

    /// <summary>The access key is the provider's own credential object, compared by reference: no per-call string is kept.</summary>
    private readonly record struct Entry(object AccessKey, UInt128 Nonce);
}
