using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Junction.Filters.Observability;

/// <summary>
/// The meter and activity source named <c>Junction</c>, their instruments, and the tag names they share. One per process,
/// as the names are: OpenTelemetry subscribes with <c>AddMeter("Junction")</c> and <c>AddSource("Junction")</c>.
/// </summary>
/// <remarks>
/// Instrument names, units and the <c>rpc.*</c> tags follow OpenTelemetry's RPC conventions up to v1.37 (the version
/// OpenTelemetry's own gRPC instrumentation still emits): <c>rpc.{client,server}.duration</c> in milliseconds. Newer
/// drafts rename them <c>rpc.{client,server}.call.duration</c> in seconds; switching is one change here and in the docs.
/// </remarks>
internal static class JunctionTelemetry
{
    public const string Name = "Junction";

    public const string SystemTag = "rpc.system";
    public const string ServiceTag = "rpc.service";
    public const string MethodTag = "rpc.method";
    public const string ProviderTag = "provider";
    public const string StatusTag = "rpc.junction.status_code";
    public const string System = "junction";

    private static readonly string? Version = typeof(JunctionTelemetry).Assembly.GetName().Version?.ToString();

    private static readonly string[] StatusNames = BuildStatusNames();

    public static readonly ActivitySource Source = new(Name, Version);

    public static readonly Meter Meter = new(Name, Version);

    public static readonly RpcInstruments Client = new(Meter, "client", "outbound");

    public static readonly RpcInstruments Server = new(Meter, "server", "inbound");

    /// <summary>The status a failed call reports: an <see cref="RpcException"/>'s own, Cancelled, or Unknown.</summary>
    public static RpcStatusCode StatusOf(Exception exception) => exception switch
    {
        RpcException rpc => rpc.StatusCode,
        OperationCanceledException => RpcStatusCode.Cancelled,
        _ => RpcStatusCode.Unknown,
    };

    /// <summary>The code's name without allocating (<see cref="Enum.ToString()"/> would, on every call).</summary>
    public static string StatusName(RpcStatusCode code)
        => (uint)code < (uint)StatusNames.Length ? StatusNames[(int)code] : code.ToString();

    private static string[] BuildStatusNames()
    {
        var codes = Enum.GetValues<RpcStatusCode>();
        var names = new string[codes.Max(c => (int)c) + 1];
        foreach (var code in codes)
        {
            names[(int)code] = code.ToString();
        }

        return names;
    }
}
