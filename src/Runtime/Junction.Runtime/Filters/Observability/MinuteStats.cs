namespace Junction.Filters.Observability;

/// <summary>
/// The calls of one (side, service, method, provider) in the current minute and the one before (Dubbo's per-minute
/// statistics). A call that ends in a new minute starts it, so the counts reset at each minute boundary without a timer.
/// </summary>
internal sealed class MinuteStats
{
    private readonly Lock _lock = new();
    private Counts _current = new() { Minute = long.MinValue };
    private Counts _previous = new() { Minute = long.MinValue };

    /// <summary>Adds one call that ended in <paramref name="minute"/> (minutes since year 1, UTC).</summary>
    public void Record(long minute, TimeSpan elapsed, bool failed)
    {
        lock (_lock)
        {
            if (minute > _current.Minute)
            {
                _previous = _current;
                _current = new Counts { Minute = minute };
            }

            if (minute == _current.Minute)
            {
                _current.Add(elapsed, failed);
            }
            else if (minute == _current.Minute - 1)
            {
                // It read the clock just before another call rolled the minute over. Older calls are dropped: that
                // minute may have been collected already.
                if (_previous.Minute != minute)
                {
                    _previous = new Counts { Minute = minute };
                }

                _previous.Add(elapsed, failed);
            }
        }
    }

    /// <summary>The counts of <paramref name="minute"/>, if it is one of the two kept and had calls.</summary>
    public bool TryRead(long minute, out Counts counts)
    {
        lock (_lock)
        {
            counts = _current.Minute == minute ? _current : _previous.Minute == minute ? _previous : default;
        }

        return counts.Calls > 0;
    }

    /// <summary>One minute's totals.</summary>
    internal struct Counts
    {
        public long Minute;
        public long Calls;
        public long Failures;
        public long ElapsedTicks;
        public long MaxElapsedTicks;

        public void Add(TimeSpan elapsed, bool failed)
        {
            Calls++;
            if (failed)
            {
                Failures++;
            }

            ElapsedTicks += elapsed.Ticks;
            MaxElapsedTicks = Math.Max(MaxElapsedTicks, elapsed.Ticks);
        }
    }
}
