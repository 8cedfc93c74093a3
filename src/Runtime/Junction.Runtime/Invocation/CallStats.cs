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
    /// How fast the smoothed latency of a provider that finishes no calls fades towards zero, compared with providers
    /// that do (time constant; it halves about every 7 s). Without it, a provider that was slow once would lose every
    /// comparison in p2c and never be tried again after it recovered.
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

    // The average over the window, recomputed by every call that succeeds and by every window step, so that a balancer
    // reads one figure per provider instead of four and a division.
    private long _recentAverageBits;

    /// <summary>Calls in flight now.</summary>
    public int Active => Volatile.Read(ref _active);

    // Volatile.Read rather than Interlocked.Read (a locked compare-exchange): balancers read these for every provider on
    // every pick. On 64-bit platforms the load is atomic; where it might not be, a torn figure would skew one pick.

    /// <summary>Calls that succeeded.</summary>
    public long Succeeded => Volatile.Read(ref _succeeded);

    /// <summary>Calls that failed (any error, business errors included).</summary>
    public long Failed => Volatile.Read(ref _failed);

    /// <summary>The total time of the calls that succeeded, in <see cref="Stopwatch"/> ticks.</summary>
    public long SucceededTicks => Volatile.Read(ref _succeededTicks);

    internal void Begin() => Interlocked.Increment(ref _active);

    /// <summary>Records a call that ended at timestamp <paramref name="now"/> after <paramref name="elapsedTicks"/>.</summary>
    internal void End(long now, long elapsedTicks, bool succeeded)
    {
        Interlocked.Decrement(ref _active);
        if (succeeded)
        {
            Interlocked.Increment(ref _succeeded);
            Interlocked.Add(ref _succeededTicks, elapsedTicks);
            UpdateRecentAverage();
        }
        else
        {
            Interlocked.Increment(ref _failed);
        }

        // Failed attempts count too, with the time they took: a timeout is a slow call. A provider that fails fast
        // looks fast here; taking it out is the circuit breaker's job, not the balancer's.
        AddLatency(now, elapsedTicks);
    }

    /// <summary>The smoothed latency in <see cref="Stopwatch"/> ticks as of <see cref="LatencyUpdated"/>; 0 before any call finished.</summary>
    internal double SmoothedLatency => BitConverter.Int64BitsToDouble(Volatile.Read(ref _latencyBits));

    /// <summary>The timestamp of the last call that fed <see cref="SmoothedLatency"/>.</summary>
    internal long LatencyUpdated => Volatile.Read(ref _latencyUpdated);

    /// <summary>
    /// The smoothed latency in <see cref="Stopwatch"/> ticks as of timestamp <paramref name="now"/>, faded by the time
    /// since the last call finished; 0 before any call finished.
    /// </summary>
    internal double Latency(long now) => Fade(SmoothedLatency, now - LatencyUpdated);

    /// <summary>
    /// <paramref name="latency"/> faded over <paramref name="idleTicks"/> without a finished call. Under 1/4096 of the
    /// time constant (about 2.4 ms) the fade is under 0.03% and is skipped, which spares busy providers an exponential.
    /// </summary>
    internal static double Fade(double latency, long idleTicks)
        => idleTicks < DecayTicks / 4096 || latency == 0 ? latency : latency * Math.Exp(-idleTicks / DecayTicks);

    /// <summary>
    /// The average time of the calls that succeeded recently, in <see cref="Stopwatch"/> ticks; 0 when none did.
    /// "Recently" is since the previous step of the window but one (<see cref="StepWindow"/>): between half a window
    /// and a whole one when the window steps every half window. Dubbo instead starts again from nothing every 30 s, so
    /// just after each reset every provider averages 0.
    /// </summary>
    internal double RecentAverageTicks => BitConverter.Int64BitsToDouble(Volatile.Read(ref _recentAverageBits));

    /// <summary>
    /// Moves the recent-average window on if its current half started <paramref name="halfWindow"/> or more before
    /// <paramref name="now"/> (both in the caller's clock units): the calls of the half before it stop counting.
    /// </summary>
    internal void StepWindow(long now, long halfWindow)
    {
        // One caller wins each turn. The marks are four separate fields, so a call finishing meanwhile may average over a
        // mix of old and new marks until the next one (Dubbo's reset has the same race).
        var started = Volatile.Read(ref _windowStarted);
        if (now - started >= halfWindow && Interlocked.CompareExchange(ref _windowStarted, now, started) == started)
        {
            Volatile.Write(ref _previousSucceeded, Volatile.Read(ref _markSucceeded));
            Volatile.Write(ref _previousTicks, Volatile.Read(ref _markTicks));
            Volatile.Write(ref _markSucceeded, Succeeded);
            Volatile.Write(ref _markTicks, SucceededTicks);
            UpdateRecentAverage();
        }
    }

    private void UpdateRecentAverage()
    {
        // Racing updates may store an average that still counts the calls of the half window just left; the next call
        // that succeeds corrects it.
        var count = Succeeded - Volatile.Read(ref _previousSucceeded);
        var ticks = SucceededTicks - Volatile.Read(ref _previousTicks);
        var average = count > 0 && ticks > 0 ? (double)ticks / count : 0;
        Volatile.Write(ref _recentAverageBits, BitConverter.DoubleToInt64Bits(average));
    }

    private void AddLatency(long now, long sample)
    {
        while (true)
        {
            var seen = Volatile.Read(ref _latencyBits);
            var current = Fade(BitConverter.Int64BitsToDouble(seen), now - LatencyUpdated);
            var next = current == 0 ? sample : current + ((sample - current) * LatencyGain);
            if (Interlocked.CompareExchange(ref _latencyBits, BitConverter.DoubleToInt64Bits(next), seen) == seen)
            {
                Volatile.Write(ref _latencyUpdated, now);
                return;
            }
        }
    }
}
