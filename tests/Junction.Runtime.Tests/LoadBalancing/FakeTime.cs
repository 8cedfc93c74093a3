using System.Diagnostics;

namespace Junction.Runtime.Tests.LoadBalancing;

/// <summary>A clock that moves only when a test says so; its timestamps count in <see cref="Stopwatch"/> ticks like the real one.</summary>
internal sealed class FakeTime : TimeProvider
{
    /// <summary>One millisecond, for call durations written <c>5 * Ms</c>.</summary>
    public static readonly TimeSpan Ms = TimeSpan.FromMilliseconds(1);

    private DateTimeOffset _now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private long _timestamp = Stopwatch.Frequency * 1_000;

    public override long TimestampFrequency => Stopwatch.Frequency;

    public override DateTimeOffset GetUtcNow() => _now;

    public override long GetTimestamp() => _timestamp;

    public void Advance(TimeSpan by)
    {
        _now += by;
        _timestamp += Ticks(by);
    }

    /// <summary><paramref name="span"/> in timestamp ticks.</summary>
    public long Ticks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);
}
