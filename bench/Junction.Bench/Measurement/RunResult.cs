namespace Junction.Bench.Measurement;

/// <summary>The figures of one measured window.</summary>
/// <param name="Name">What was measured (<c>junction tcp</c>, <c>bare</c>).</param>
/// <param name="Seconds">The measured window's length.</param>
/// <param name="Calls">Successful calls completed in the window.</param>
/// <param name="Failed">Failed calls in the window.</param>
/// <param name="FirstError">Why the first failed call failed, or null.</param>
/// <param name="Latency">The latencies of the successful calls.</param>
/// <param name="AllocatedBytes">Bytes allocated by the consumer process in the window (and by the provider when it shares the process).</param>
/// <param name="ConsumerCpu">Processor time of the consumer process in the window.</param>
/// <param name="ProviderCpu">Processor time of the provider process in the window; null when it is the consumer's process.</param>
/// <param name="Gen0">Gen 0 collections in the consumer process in the window.</param>
/// <param name="Gen1">Gen 1 collections.</param>
/// <param name="Gen2">Gen 2 collections.</param>
internal sealed record RunResult(
    string Name,
    double Seconds,
    long Calls,
    long Failed,
    string? FirstError,
    LatencyHistogram Latency,
    long AllocatedBytes,
    TimeSpan ConsumerCpu,
    TimeSpan? ProviderCpu,
    int Gen0,
    int Gen1,
    int Gen2)
{
    /// <summary>Successful calls per provider, by the provider number in each response.</summary>
    public long[] PerProvider { get; init; } = [];

    public double CallsPerSecond => Seconds > 0 ? Calls / Seconds : 0;

    public double P50Us => Latency.ValueAtPercentile(50) / 1000;

    public double P90Us => Latency.ValueAtPercentile(90) / 1000;

    public double P99Us => Latency.ValueAtPercentile(99) / 1000;

    public double P999Us => Latency.ValueAtPercentile(99.9) / 1000;

    public double MaxUs => Latency.MaxNanoseconds / 1000.0;

    public double MeanUs => Latency.Count == 0 ? 0 : Latency.TotalNanoseconds / 1000.0 / Latency.Count;

    /// <summary>Allocated bytes per call, over every call completed in the window (failed ones too).</summary>
    public double AllocBytesPerCall => PerCall(AllocatedBytes);

    public double ConsumerCpuUsPerCall => PerCall(ConsumerCpu.Ticks / 10.0);

    public double? ProviderCpuUsPerCall => ProviderCpu is { } cpu ? PerCall(cpu.Ticks / 10.0) : null;

    private double PerCall(double total) => Calls + Failed == 0 ? 0 : total / (Calls + Failed);

    /// <summary>The rounds of one measurement as one: their windows, calls, counters and latencies added up.</summary>
    public static RunResult Merge(IReadOnlyList<RunResult> rounds)
    {
        if (rounds.Count == 1)
        {
            return rounds[0];
        }

        var latency = new LatencyHistogram();
        var perProvider = new long[rounds[0].PerProvider.Length];
        TimeSpan consumerCpu = default;
        TimeSpan? providerCpu = rounds[0].ProviderCpu is null ? null : TimeSpan.Zero;
        foreach (var round in rounds)
        {
            latency.Add(round.Latency);
            consumerCpu += round.ConsumerCpu;
            providerCpu += round.ProviderCpu;
            for (var p = 0; p < perProvider.Length; p++)
            {
                perProvider[p] += round.PerProvider[p];
            }
        }

        return new RunResult(
            rounds[0].Name,
            rounds.Sum(r => r.Seconds),
            rounds.Sum(r => r.Calls),
            rounds.Sum(r => r.Failed),
            rounds.Select(r => r.FirstError).FirstOrDefault(e => e is not null),
            latency,
            rounds.Sum(r => r.AllocatedBytes),
            consumerCpu,
            providerCpu,
            rounds.Sum(r => r.Gen0),
            rounds.Sum(r => r.Gen1),
            rounds.Sum(r => r.Gen2))
        {
            PerProvider = perProvider,
        };
    }
}
