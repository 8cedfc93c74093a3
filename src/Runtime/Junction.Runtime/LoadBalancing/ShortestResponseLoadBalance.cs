using Junction.Invocation;

namespace Junction.LoadBalancing;

/// <summary>
/// Dubbo's shortest response: the provider expected to answer this method first, estimated as its recent average
/// successful response time × (calls in flight + 1); ties are split like least active (by weight after warm-up).
/// </summary>
/// <remarks>
/// A provider with no successful call in the window estimates 0 and so is tried, as in Dubbo. Two differences, both on
/// purpose: averages are in <see cref="System.Diagnostics.Stopwatch"/> ticks, not whole milliseconds, so sub-millisecond
/// calls do not all average 0 and tie; and the window slides in half-window steps instead of restarting from nothing
/// (see <see cref="CallStats.RecentAverageTicks"/>).
/// </remarks>
internal sealed class ShortestResponseLoadBalance : WeightedLoadBalance
{
    /// <summary>The name used in configuration.</summary>
    public const string Name = "shortestresponse";

    /// <summary>Dubbo's default window (<c>shortestResponseSlidePeriod</c>): 30 seconds.</summary>
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromSeconds(30);

    private readonly bool _systemClock;
    private readonly long _halfWindow;
    private long _nextStep;

    /// <summary>
    /// Creates the balancer with a <paramref name="window"/> (default 30 s); tests pass a seeded
    /// <paramref name="random"/> and a fake <paramref name="time"/>.
    /// </summary>
    internal ShortestResponseLoadBalance(TimeSpan? window = null, Random? random = null, TimeProvider? time = null)
        : base(random, time)
    {
        var span = window ?? DefaultWindow;
        if (span <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(window), span, "The shortest-response window must be positive; Dubbo's default is 30 s.");
        }

        // On the system clock the window runs on Environment.TickCount64, which costs a third of a high-resolution
        // timestamp; whole milliseconds are plenty to step a 30-second window.
        _systemClock = ReferenceEquals(Time, TimeProvider.System);
        _halfWindow = (_systemClock ? (long)span.TotalMilliseconds : (long)(span.TotalSeconds * Time.TimestampFrequency)) / 2;
    }

    /// <inheritdoc />
    protected override int Pick(WeightTable weights, Invocation.Invocation invocation)
    {
        var now = _systemClock ? Environment.TickCount64 : Time.GetTimestamp();
        if (now >= Volatile.Read(ref _nextStep))
        {
            // Every half window, step the windows of the providers picked from, in a pass of its own so that the
            // scoring loop makes no calls. A provider left out of the array just then steps at the next pass it is in;
            // until then its window stays longer.
            Volatile.Write(ref _nextStep, now + _halfWindow);
            foreach (var stats in weights.StatsOf(invocation.Method))
            {
                stats.StepWindow(now, _halfWindow);
            }
        }

        return LowestScore.Pick(weights, invocation.Method, default(ResponseScore), Random);
    }

    private readonly struct ResponseScore : IProviderScore
    {
        public double Score(CallStats stats) => stats.RecentAverageTicks * (stats.Active + 1);
    }
}
