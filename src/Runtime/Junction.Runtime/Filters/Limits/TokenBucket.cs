namespace Junction.Filters.Limits;

/// <summary>
/// A token bucket that holds up to <c>rate</c> calls and refills continuously at <c>rate</c> calls per interval: a
/// burst of up to <c>rate</c> calls passes at once, after which one call passes every <c>interval / rate</c>.
/// </summary>
/// <remarks>
/// Dubbo's TpsLimitFilter is a fixed window that refills all at once when a call arrives after the window ended: with
/// the default 60 s window, a burst that uses the window up refuses every call for the rest of that minute, and two
/// windows back to back let 2×rate calls through in a moment. A continuous refill keeps the same long-run rate
/// without either cliff. Arithmetic is in integers so counts are exact: a call costs <c>interval</c> (in timestamp
/// ticks) and the bucket gains <c>rate</c> per tick, up to <c>rate × interval</c> (an <see cref="Int128"/>, so any
/// rate and interval fit). A short lock guards the two fields; it allocates nothing.
/// </remarks>
internal sealed class TokenBucket
{
    private readonly TimeProvider _time;
    private readonly object _gate = new();
    private readonly long _cost;
    private readonly long _rate;
    private readonly Int128 _capacity;
    private Int128 _credit;
    private long _last;

    public TokenBucket(int rate, TimeSpan interval, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rate);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        _time = time;
        _rate = rate;
        Rate = rate;
        Interval = interval;
        _cost = (long)Int128.Max(1, (Int128)interval.Ticks * time.TimestampFrequency / TimeSpan.TicksPerSecond);
        _capacity = (Int128)_cost * rate;
        _credit = _capacity;
        _last = time.GetTimestamp();
    }

    /// <summary>Calls per <see cref="Interval"/>.</summary>
    public int Rate { get; }

    /// <summary>The interval of <see cref="Rate"/>.</summary>
    public TimeSpan Interval { get; }

    /// <summary>Takes one call's token; false when the bucket is empty.</summary>
    public bool TryTake()
    {
        var now = _time.GetTimestamp();
        lock (_gate)
        {
            // Callers can reach the lock out of timestamp order; an earlier timestamp adds nothing.
            var elapsed = now - _last;
            if (elapsed > 0)
            {
                _last = now;
                _credit = elapsed >= _cost ? _capacity : Int128.Min(_capacity, _credit + ((Int128)elapsed * _rate));
            }

            if (_credit < _cost)
            {
                return false;
            }

            _credit -= _cost;
            return true;
        }
    }
}
