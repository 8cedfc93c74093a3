using System.Diagnostics;

namespace Junction.Invocation;

/// <summary>
/// Counters of the calls of one provider (one method, or all): in flight, finished, how long they took, a smoothed
/// latency and a recent average. Updated lock-free and without allocating on every call.
/// </summary>
public sealed class CallStats
{
    /// <summary>
    /// How much of the smoothed latency each finished call replaces: 1/8, the gain TCP uses for its smoothed round-trip
    /// time (RFC 6298), so one slow call moves it by an eighth and a lasting change shows within about ten calls.
    /// </summary>
    internal const double LatencyGain = 1.0 / 8;

    /// <summary>
    /// How fast the smoothed latency of a provider that finishes no calls fades towards zero when read (time constant;
    /// it halves about every 7 s). Without it, a provider that was slow once would lose every comparison in p2c and
    /// never be tried again after it recovered.
    /// </summary>
    internal static readonly TimeSpan LatencyDecay = TimeSpan.FromSeconds(10);

    private static readonly double DecayTicks = LatencyDecay.TotalSeconds * Stopwatch.Frequency;

    private int _active;
    private long _succeeded;
    private long _failed;
    private long _succeededTicks;

    // The smoothed latency (a double kept in a long so it can be swapped atomically) and when it was last fed.
    private long _latencyBits;
    private long _latencyUpdated;

    // The recent-average window: the totals at the start of the current and of the previous half window.
    private long _windowStarted;
    private long _markSucceeded;
    private long _markTicks;
    private long _previousSucceeded;
    private long _previousTicks;

    /// <summary>Calls in flight now.</summary>
    public int Active => Volatile.Read(ref _active);

    /// <summary>Calls that succeeded.</summary>
    public long Succeeded => Interlocked.Read(ref _succeeded);

    /// <summary>Calls that failed (any error, business errors included).</summary>
    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>The total time of the calls that succeeded, in <see cref="Stopwatch"/> ticks.</summary>
    public long SucceededTicks => Interlocked.Read(ref _succeededTicks);

    internal void Begin() => Interlocked.Increment(ref _active);

    /// <summary>Records a call that ended at timestamp <paramref name="now"/> after <paramref name="elapsedTicks"/>.</summary>
    internal void End(long now, long elapsedTicks, bool succeeded)
    {
        Interlocked.Decrement(ref _active);
        if (succeeded)
        {
            Interlocked.Increment(ref _succeeded);
            Interlocked.Add(ref _succeededTicks, elapsedTicks);
        }
        else
        {
            Interlocked.Increment(ref _failed);
        }

        // Failed attempts count too, with the time they took: a timeout is a slow call. A provider that fails fast
        // looks fast here; taking it out is the circuit breaker's job, not the balancer's.
        AddLatency(now, elapsedTicks);
    }

    /// <summary>
    /// The smoothed latency in <see cref="Stopwatch"/> ticks as of timestamp <paramref name="now"/>, faded by the time
    /// since the last call finished; 0 before any call finished.
    /// </summary>
    internal double Latency(long now) => Faded(BitConverter.Int64BitsToDouble(Volatile.Read(ref _latencyBits)), now);

    /// <summary>
    /// The average time of the calls that succeeded recently, in <see cref="Stopwatch"/> ticks; 0 when none did.
    /// "Recently" is since the start of the previous half of <paramref name="windowTicks"/>: between half a window and a
    /// whole one while the balancer keeps asking (longer if it stops asking for a while, as the totals are marked when
    /// it asks). Dubbo instead starts again from nothing every 30 s, so just after each reset every provider averages 0.
    /// </summary>
    internal long RecentAverageTicks(long now, long windowTicks)
    {
        var started = Volatile.Read(ref _windowStarted);
        if (now - started >= windowTicks / 2 && Interlocked.CompareExchange(ref _windowStarted, now, started) == started)
        {
            // One caller wins each turn. The marks are four separate fields, so a reader racing this may see a mix of
            // old and new for one pick (Dubbo's reset has the same race); it cannot see a negative count.
            Volatile.Write(ref _previousSucceeded, Volatile.Read(ref _markSucceeded));
            Volatile.Write(ref _previousTicks, Volatile.Read(ref _markTicks));
            Volatile.Write(ref _markSucceeded, Succeeded);
            Volatile.Write(ref _markTicks, SucceededTicks);
        }

        var count = Succeeded - Volatile.Read(ref _previousSucceeded);
        var ticks = SucceededTicks - Volatile.Read(ref _previousTicks);
        return count > 0 && ticks > 0 ? ticks / count : 0;
    }

    private double Faded(double latency, long now)
    {
        var idle = now - Volatile.Read(ref _latencyUpdated);
        return idle <= 0 || latency == 0 ? latency : latency * Math.Exp(-idle / DecayTicks);
    }

    private void AddLatency(long now, long sample)
    {
        while (true)
        {
            var seen = Volatile.Read(ref _latencyBits);
            var current = Faded(BitConverter.Int64BitsToDouble(seen), now);
            var next = current == 0 ? sample : current + ((sample - current) * LatencyGain);
            if (Interlocked.CompareExchange(ref _latencyBits, BitConverter.DoubleToInt64Bits(next), seen) == seen)
            {
                Volatile.Write(ref _latencyUpdated, now);
                return;
            }
        }
    }
}
