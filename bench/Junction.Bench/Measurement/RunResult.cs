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
}
