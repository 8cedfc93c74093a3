namespace Junction.Hosting;

/// <summary>Metrics, tracing and the per-minute monitor (<c>o.Observability</c>); all on by default.</summary>
public sealed class ObservabilityOptions
{
    /// <summary>Records <c>rpc.client.*</c> and <c>rpc.server.*</c> instruments on the meter <c>Junction</c>. Default true.</summary>
    public bool Metrics { get; set; } = true;

    /// <summary>Starts client and server activities on the source <c>Junction</c>, W3C trace context in attachments. Default true.</summary>
    public bool Tracing { get; set; } = true;

    /// <summary>Keeps per-minute call statistics per service, method and provider for <c>IMonitorService</c>. Default true.</summary>
    public bool Monitor { get; set; } = true;
}
