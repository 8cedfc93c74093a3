namespace Junction.Consul.Blocking;

/// <summary>
/// A token bucket for one blocking-query loop (Consul's guide: burst 2, then about one query per refill interval while
/// results churn). Blocking queries that wait for changes rarely touch it; a loop whose answers come back at once
/// (index churn, flapping providers) is paced instead of hammering the servers. Not thread-safe: one loop owns it.
/// </summary>
internal sealed class QueryRateLimiter(int burst, TimeSpan refillInterval, TimeProvider time)
{
    private double _tokens = burst;
    private long _last = time.GetTimestamp();

    /// <summary>Takes a token; returns how long to wait first (zero when one is available now).</summary>
    public TimeSpan Take()
    {
        var now = time.GetTimestamp();
        _tokens = Math.Min(burst, _tokens + time.GetElapsedTime(_last, now) / refillInterval);
        _last = now;
        _tokens -= 1;
        return _tokens >= 0 ? TimeSpan.Zero : -_tokens * refillInterval;
    }
}
