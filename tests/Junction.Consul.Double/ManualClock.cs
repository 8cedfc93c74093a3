namespace Junction.Consul.Tests.Double;

/// <summary>
/// The double's wall clock for TTL expiry and DeregisterCriticalServiceAfter: it moves only when a test calls
/// <see cref="Advance"/> (directly or through <see cref="ConsulDouble.Advance"/>). It has no timers on purpose:
/// the double evaluates expiry when told to, so nothing happens between two lines of a test.
/// </summary>
public sealed class ManualClock : TimeProvider
{
    private readonly object _gate = new();
    private DateTimeOffset _now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    /// <inheritdoc />
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <inheritdoc />
    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    /// <summary>Moves the clock forward.</summary>
    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        lock (_gate)
        {
            _now += by;
        }
    }
}
