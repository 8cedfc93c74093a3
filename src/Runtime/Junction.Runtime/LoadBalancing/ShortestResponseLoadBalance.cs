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

    private readonly long _windowTicks;

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

        _windowTicks = (long)(span.TotalSeconds * Time.TimestampFrequency);
    }

    /// <inheritdoc />
    protected override int Pick(WeightTable weights, Invocation.Invocation invocation)
        => LowestScore.Pick(weights, invocation.Method, new ResponseScore(Time.GetTimestamp(), _windowTicks), Random);

    private readonly struct ResponseScore(long now, long windowTicks) : IProviderScore
    {
        public long Score(CallStats stats) => stats.RecentAverageTicks(now, windowTicks) * (stats.Active + 1L);
    }
}
