using System.Text.Json.Serialization;

namespace Junction.Consul.Tests.Double.Wire;

/// <summary>The body of <c>PUT /v1/agent/service/register</c> (Go <c>AgentServiceRegistration</c>), read case-insensitively.</summary>
internal sealed class ServiceRegistrationBody
{
    public string? Kind { get; set; }

    public string? ID { get; set; }

    public string? Name { get; set; }

    public List<string>? Tags { get; set; }

    public int Port { get; set; }

    public string? Address { get; set; }

    public Dictionary<string, ServiceAddressBody>? TaggedAddresses { get; set; }

    public bool EnableTagOverride { get; set; }

    public Dictionary<string, string>? Meta { get; set; }

    public WeightsBody? Weights { get; set; }

    public CheckBody? Check { get; set; }

    public List<CheckBody?>? Checks { get; set; }
}

/// <summary>A tagged address of a service: <c>{"Address":"..","Port":..}</c>.</summary>
internal sealed class ServiceAddressBody
{
    public string? Address { get; set; }

    public int Port { get; set; }
}

/// <summary>Weights as sent; validated only when present, like Consul's pointer field.</summary>
internal sealed class WeightsBody
{
    public int Passing { get; set; }

    public int Warning { get; set; }
}

/// <summary>A check definition (Go <c>AgentServiceCheck</c>, also the body of <c>/agent/check/register</c>).</summary>
internal sealed class CheckBody
{
    public string? ID { get; set; }

    public string? CheckID { get; set; }

    public string? Name { get; set; }

    public string? ServiceID { get; set; }

    public string? Notes { get; set; }

    public string? Status { get; set; }

    public List<string>? Args { get; set; }

    public List<string>? ScriptArgs { get; set; }

    public string? DockerContainerID { get; set; }

    public string? Shell { get; set; }

    public string? HTTP { get; set; }

    public string? Method { get; set; }

    public string? Body { get; set; }

    public Dictionary<string, List<string>>? Header { get; set; }

    public string? TCP { get; set; }

    public string? UDP { get; set; }

    public string? GRPC { get; set; }

    public bool GRPCUseTLS { get; set; }

    public string? H2PING { get; set; }

    public string? OSService { get; set; }

    public string? AliasNode { get; set; }

    public string? AliasService { get; set; }

    public string? TLSServerName { get; set; }

    public bool TLSSkipVerify { get; set; }

    [JsonConverter(typeof(GoDurationConverter))]
    public TimeSpan? Interval { get; set; }

    [JsonConverter(typeof(GoDurationConverter))]
    public TimeSpan? Timeout { get; set; }

    [JsonConverter(typeof(GoDurationConverter))]
    public TimeSpan? TTL { get; set; }

    [JsonConverter(typeof(GoDurationConverter))]
    public TimeSpan? DeregisterCriticalServiceAfter { get; set; }

    public int SuccessBeforePassing { get; set; }

    public int FailuresBeforeWarning { get; set; }

    public int FailuresBeforeCritical { get; set; }

    public bool IsScript => Args is { Count: > 0 } || ScriptArgs is { Count: > 0 };

    /// <summary>Consul's <c>CheckType.Empty()</c>: an all-empty <c>"Check": {}</c> is ignored, not rejected.</summary>
    public bool IsEmpty =>
        string.IsNullOrEmpty(ID) && string.IsNullOrEmpty(CheckID) && string.IsNullOrEmpty(Name) && string.IsNullOrEmpty(Notes)
        && string.IsNullOrEmpty(Status) && !IsScript && string.IsNullOrEmpty(HTTP) && string.IsNullOrEmpty(TCP)
        && string.IsNullOrEmpty(UDP) && string.IsNullOrEmpty(GRPC) && string.IsNullOrEmpty(H2PING) && string.IsNullOrEmpty(OSService)
        && string.IsNullOrEmpty(AliasNode) && string.IsNullOrEmpty(AliasService) && string.IsNullOrEmpty(DockerContainerID)
        && Interval is null && Timeout is null && TTL is null && DeregisterCriticalServiceAfter is null;
}

/// <summary>The body of <c>PUT /v1/agent/check/update/:check_id</c>.</summary>
internal sealed class CheckUpdateBody
{
    public string? Status { get; set; }

    public string? Output { get; set; }
}
