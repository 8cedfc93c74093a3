using Junction.Filters.Observability;

namespace Junction.Hosting;

/// <summary>Metrics, tracing and the per-minute monitor (<c>o.Observability</c>); metrics and tracing on by default.</summary>
/// <remarks>
/// Each costs nothing measurable until used: metrics record only while a listener (OpenTelemetry's
/// <c>AddMeter("Junction")</c>, <c>dotnet-counters</c>) enables an instrument, and spans start only while a listener
/// (<c>AddSource("Junction")</c>) samples them. The monitor counts every call (a few locked additions, ~90 ns a side on a
/// small VM), so, as Dubbo's MonitorFilter, it is on only when asked for: <c>AddMonitorService()</c> turns it on.
/// </remarks>
public sealed class ObservabilityOptions
{
    private CallMonitor? _callMonitor;

    /// <summary>Records <c>rpc.client.*</c> and <c>rpc.server.*</c> instruments on the meter <c>Junction</c>. Default true.</summary>
    public bool Metrics { get; set; } = true;

    /// <summary>Starts client and server activities on the source <c>Junction</c>, W3C trace context in attachments. Default true.</summary>
    public bool Tracing { get; set; } = true;

    /// <summary>
    /// Keeps per-minute call statistics per service, method and provider for <c>IMonitorService</c>. Default false;
    /// <c>AddMonitorService()</c> sets it.
    /// </summary>
    public bool Monitor { get; set; }

    /// <summary>
    /// The clock of durations and of the monitor's minutes; null: the filter context's (the system clock). Tests set a
    /// manual one to move minutes. Set it before the first service or client is made.
    /// </summary>
    internal TimeProvider? TimeProvider { get; set; }

    /// <summary>Whether any of the three is on, so the filter is worth adding.</summary>
    internal bool Any => Metrics || Tracing || Monitor;

    /// <summary>The application's per-minute statistics, made on first use.</summary>
    internal CallMonitor CallMonitor
    {
        get
        {
            if (_callMonitor is null)
            {
                Interlocked.CompareExchange(ref _callMonitor, new CallMonitor(TimeProvider ?? TimeProvider.System), null);
            }

            return _callMonitor;
        }
    }
}
