using System.Diagnostics.Metrics;

namespace Junction.Filters.Observability;

/// <summary>The instruments of one side of a call (<c>rpc.client.*</c> or <c>rpc.server.*</c>).</summary>
internal sealed class RpcInstruments
{
    // Milliseconds from 0.1 (an in-process call) to 10 s (well past Dubbo's default 1 s timeout).
    private static readonly double[] Buckets = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000];

    public RpcInstruments(Meter meter, string side, string direction)
    {
        Duration = meter.CreateHistogram(
            $"rpc.{side}.duration",
            "ms",
            $"Measures the duration of {direction} RPC.",
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = Buckets });
        Requests = meter.CreateCounter<long>($"rpc.{side}.requests", "{request}", $"The number of {direction} RPCs started.");
        Errors = meter.CreateCounter<long>($"rpc.{side}.errors", "{request}", $"The number of {direction} RPCs that failed.");
        Active = meter.CreateUpDownCounter<long>($"rpc.{side}.active_requests", "{request}", $"The number of {direction} RPCs in flight.");
    }

    /// <summary><c>rpc.{side}.duration</c> (OpenTelemetry): how long calls took, in milliseconds.</summary>
    public Histogram<double> Duration { get; }

    /// <summary><c>rpc.{side}.requests</c> (Junction's): calls started.</summary>
    public Counter<long> Requests { get; }

    /// <summary><c>rpc.{side}.errors</c> (Junction's): calls that failed, by status.</summary>
    public Counter<long> Errors { get; }

    /// <summary><c>rpc.{side}.active_requests</c> (Junction's): calls in flight.</summary>
    public UpDownCounter<long> Active { get; }

    /// <summary>Whether any listener wants any of them; when none does, a call records nothing.</summary>
    public bool IsEnabled => Duration.Enabled || Requests.Enabled || Errors.Enabled || Active.Enabled;
}
