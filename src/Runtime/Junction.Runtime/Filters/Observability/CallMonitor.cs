using System.Collections.Concurrent;
using Junction.Monitoring;

namespace Junction.Filters.Observability;

/// <summary>
/// One application's per-minute statistics (Dubbo's <c>DubboMonitor</c>): the observability filters record into it, and
/// <see cref="IMonitorService"/> reads the last completed minute from it. Minutes come from its clock, so a fake clock
/// moves them in tests.
/// </summary>
internal sealed class CallMonitor(TimeProvider time)
{
    private readonly ConcurrentDictionary<Key, MinuteStats> _stats = new();

    public TimeProvider Time => time;

    /// <summary>The minute now, counted from year 1 (UTC).</summary>
    public long CurrentMinute => time.GetUtcNow().UtcTicks / TimeSpan.TicksPerMinute;

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
