using System.Collections.Concurrent;
using Junction.Monitoring;

namespace Junction.Filters.Observability;

/// <summary>
/// One application's per-minute statistics (Dubbo's <c>DubboMonitor</c>): the observability filters record into it, and
/// <see cref="IMonitorService"/> reads the last completed minute from it. Minutes come from its clock, so a fake clock
/// moves them in tests.
/// </summary>
internal sealed class CallMonitor
{
    private readonly ConcurrentDictionary<Key, MinuteStats> _stats = new();
    private readonly long _originUtcTicks;
    private readonly long _originTimestamp;
    private readonly double _ticksPerTimestamp;

    public CallMonitor(TimeProvider time)
    {
        Time = time;
        _originUtcTicks = time.GetUtcNow().UtcTicks;
        _originTimestamp = time.GetTimestamp();
        _ticksPerTimestamp = (double)TimeSpan.TicksPerSecond / time.TimestampFrequency;
    }

    public TimeProvider Time { get; }

    /// <summary>The minute now, counted from year 1 (UTC).</summary>
    public long CurrentMinute => MinuteOf(Time.GetTimestamp());

    /// <summary>
    /// The minute of a timestamp of <see cref="Time"/>: the wall clock at creation plus the monotonic time since. A
    /// filter already reads the timestamp to time the call, and reading the wall clock as well would double the cost of
    /// counting; a wall-clock step (NTP) does not move minutes, which keeps every minute 60 s long.
    /// </summary>
    public long MinuteOf(long timestamp)
        => (_originUtcTicks + (long)((timestamp - _originTimestamp) * _ticksPerTimestamp)) / TimeSpan.TicksPerMinute;

    /// <summary>The statistics of one side, service, method and provider; a filter asks once, when it is made.</summary>
    public MinuteStats For(MonitorSide side, string service, string method, string provider)
        => _stats.GetOrAdd(new Key(side, service, method, provider), static _ => new MinuteStats());

    /// <summary>The last completed minute's rows, ordered by side, service, method and provider.</summary>
    public MonitorSnapshot Collect(string application)
    {
        var minute = CurrentMinute - 1;
        var rows = new List<MonitorRow>();
        foreach (var (key, stats) in _stats)
        {
            if (stats.TryRead(minute, out var counts))
            {
                rows.Add(new MonitorRow(
                    key.Side,
                    key.Service,
                    key.Method,
                    key.Provider,
                    counts.Calls,
                    counts.Failures,
                    TimeSpan.FromTicks(counts.ElapsedTicks).TotalMilliseconds / counts.Calls,
                    TimeSpan.FromTicks(counts.MaxElapsedTicks).TotalMilliseconds));
            }
        }

        rows.Sort(static (a, b) =>
        {
            var order = a.Side.CompareTo(b.Side);
            order = order != 0 ? order : string.CompareOrdinal(a.Service, b.Service);
            order = order != 0 ? order : string.CompareOrdinal(a.Method, b.Method);
            return order != 0 ? order : string.CompareOrdinal(a.Provider, b.Provider);
        });
        return new MonitorSnapshot(application, new DateTimeOffset(minute * TimeSpan.TicksPerMinute, TimeSpan.Zero), rows);
    }

    private readonly record struct Key(MonitorSide Side, string Service, string Method, string Provider);
}
