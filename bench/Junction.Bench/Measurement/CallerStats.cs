namespace Junction.Bench.Measurement;

/// <summary>What one caller saw while measuring. Written only by its caller, read after the run.</summary>
internal sealed class CallerStats(int providers = 1)
{
    /// <summary>Successful calls per provider (by the number each response carries).</summary>
    public long[] PerProvider { get; } = new long[providers];

    public LatencyHistogram Latency { get; } = new();

    /// <summary>Successful calls that completed inside the measured window (their latencies are in <see cref="Latency"/>).</summary>
    public long Calls { get; set; }

    /// <summary>Calls that threw or returned a wrong answer inside the measured window.</summary>
    public long Failed { get; set; }

    /// <summary>The first failure, so a broken run says why.</summary>
    public string? FirstError { get; set; }
}
