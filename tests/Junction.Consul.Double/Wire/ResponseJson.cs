using System.Text.Json.Serialization;

namespace Junction.Consul.Tests.Double.Wire;

/// <summary>One row of <c>GET /v1/health/service/:service</c> (Go <c>structs.CheckServiceNode</c>).</summary>
internal sealed record HealthEntryJson(NodeJson Node, ServiceJson Service, IReadOnlyList<CheckJson> Checks);

/// <summary><c>structs.Node</c> as the health endpoint writes it.</summary>
internal sealed record NodeJson(
    string ID,
    string Node,
    string Address,
    string Datacenter,
    IReadOnlyDictionary<string, string> TaggedAddresses,
    IReadOnlyDictionary<string, string> Meta,
    ulong CreateIndex,
    ulong ModifyIndex);

/// <summary><c>structs.NodeService</c>: <c>Kind</c>, <c>TaggedAddresses</c> and <c>Port</c> are omitempty in Go.</summary>
internal sealed record ServiceJson
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Kind { get; init; }

    public required string ID { get; init; }

    public required string Service { get; init; }

    public required IReadOnlyList<string> Tags { get; init; }

    public required string Address { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, ServiceAddressJson>? TaggedAddresses { get; init; }

    public required IReadOnlyDictionary<string, string> Meta { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int Port { get; init; }

    public required WeightsJson Weights { get; init; }

    public bool EnableTagOverride { get; init; }

    public ProxyJson Proxy { get; init; } = new();

    public EmptyJson Connect { get; init; } = new();

    public ulong CreateIndex { get; init; }

    public ulong ModifyIndex { get; init; }
}

/// <summary>A tagged address; real agents write PascalCase (docs samples sometimes show lower case).</summary>
internal sealed record ServiceAddressJson(string Address, int Port);

/// <summary>Load-balancing weights.</summary>
internal sealed record WeightsJson(int Passing, int Warning);

/// <summary>The empty proxy block a non-proxy service carries.</summary>
internal sealed record ProxyJson
{
    public string Mode { get; init; } = string.Empty;

    public EmptyJson MeshGateway { get; init; } = new();

    public EmptyJson Expose { get; init; } = new();
}

/// <summary>Serialises as <c>{}</c>.</summary>
internal sealed record EmptyJson;

/// <summary><c>structs.HealthCheck</c>.</summary>
internal sealed record CheckJson(
    string Node,
    string CheckID,
    string Name,
    string Status,
    string Notes,
    string Output,
    string ServiceID,
    string ServiceName,
    IReadOnlyList<string> ServiceTags,
    string Type,
    string Interval,
    string Timeout,
    int ExposedPort,
    IReadOnlyDictionary<string, object> Definition,
    ulong CreateIndex,
    ulong ModifyIndex);

/// <summary><c>structs.DirEntry</c>: <c>Value</c> base64 or null; <c>Session</c> omitted (the double never locks keys).</summary>
internal sealed record KvJson(ulong LockIndex, string Key, ulong Flags, string? Value, ulong CreateIndex, ulong ModifyIndex);

/// <summary>A service as the agent lists it (Go <c>api.AgentService</c>): <c>Port</c> always, <c>Datacenter</c> added.</summary>
internal sealed record AgentServiceJson
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Kind { get; init; }

    public required string ID { get; init; }

    public required string Service { get; init; }

    public required IReadOnlyList<string> Tags { get; init; }

    public required IReadOnlyDictionary<string, string> Meta { get; init; }

    public int Port { get; init; }

    public required string Address { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, ServiceAddressJson>? TaggedAddresses { get; init; }

    public required WeightsJson Weights { get; init; }

    public bool EnableTagOverride { get; init; }

    public required string Datacenter { get; init; }
}
