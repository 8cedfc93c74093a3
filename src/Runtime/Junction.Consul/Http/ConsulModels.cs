using System.Text.Json.Serialization;

namespace Junction.Consul.Http;

// The wire shapes of the endpoints Junction uses (CONSUL-API.md §1, §3, §5), one file because they are plain data.
// Names follow Consul's Go fields; decoding is case-insensitive as the server's is. Fields Junction does not read
// (TaggedAddresses, whose shape differs between Node and Service, Proxy, Connect, Definition) are left out.

/// <summary>Body of <c>PUT /v1/agent/service/register</c>.</summary>
internal sealed class AgentServiceRegistration
{
    [JsonPropertyName("ID")]
    public string? Id { get; set; }

    public string Name { get; set; } = "";

    public List<string>? Tags { get; set; }

    public string? Address { get; set; }

    public int Port { get; set; }

    public Dictionary<string, string>? Meta { get; set; }

    /// <summary>Null unless set: a 0/0 object fails registration (§1).</summary>
    public AgentWeights? Weights { get; set; }

    public AgentServiceCheck? Check { get; set; }
}

/// <summary>A service's weights in Consul (Passing ≥ 1).</summary>
internal sealed class AgentWeights
{
    public int Passing { get; set; }

    public int Warning { get; set; }
}

/// <summary>The check inside a registration.</summary>
internal sealed class AgentServiceCheck
{
    [JsonPropertyName("CheckID")]
    public string? CheckId { get; set; }

    public string? Name { get; set; }

    [JsonPropertyName("TTL")]
    public string? Ttl { get; set; }

    public string? Interval { get; set; }

    public string? Timeout { get; set; }

    public List<string>? Args { get; set; }

    public string? Status { get; set; }

    public string? Notes { get; set; }

    public string? DeregisterCriticalServiceAfter { get; set; }
}

/// <summary>One row of <c>GET /v1/health/service/:name</c>.</summary>
internal sealed class HealthServiceEntry
{
    public ConsulNode? Node { get; set; }

    public ConsulService? Service { get; set; }

    public List<HealthCheck>? Checks { get; set; }
}

/// <summary>A node as health and catalog reads return it.</summary>
internal sealed class ConsulNode
{
    [JsonPropertyName("ID")]
    public string? Id { get; set; }

    public string? Node { get; set; }

    public string? Address { get; set; }

    public string? Datacenter { get; set; }

    public Dictionary<string, string>? Meta { get; set; }

    public ulong CreateIndex { get; set; }

    public ulong ModifyIndex { get; set; }
}

/// <summary>A service instance (Consul's <c>NodeService</c>/<c>AgentService</c>).</summary>
internal sealed class ConsulService
{
    [JsonPropertyName("ID")]
    public string? Id { get; set; }

    public string? Service { get; set; }

    public List<string>? Tags { get; set; }

    public string? Address { get; set; }

    public Dictionary<string, string>? Meta { get; set; }

    /// <summary>Absent when 0 (omitempty).</summary>
    public int Port { get; set; }

    public AgentWeights? Weights { get; set; }

    public bool EnableTagOverride { get; set; }

    public string? Namespace { get; set; }

    public string? Datacenter { get; set; }

    public ulong CreateIndex { get; set; }

    public ulong ModifyIndex { get; set; }
}

/// <summary>A health check as health and agent reads return it.</summary>
internal sealed class HealthCheck
{
    public string? Node { get; set; }

    [JsonPropertyName("CheckID")]
    public string? CheckId { get; set; }

    public string? Name { get; set; }

    public string? Status { get; set; }

    public string? Notes { get; set; }

    public string? Output { get; set; }

    [JsonPropertyName("ServiceID")]
    public string? ServiceId { get; set; }

    public string? ServiceName { get; set; }

    public List<string>? ServiceTags { get; set; }

    public string? Type { get; set; }

    public ulong CreateIndex { get; set; }

    public ulong ModifyIndex { get; set; }
}

/// <summary>One element of <c>GET /v1/agent/health/service/name/:name</c>.</summary>
internal sealed class AgentServiceHealth
{
    public string? AggregatedStatus { get; set; }

    public ConsulService? Service { get; set; }

    public List<HealthCheck>? Checks { get; set; }
}

/// <summary>One row of <c>GET /v1/catalog/service/:name</c> (flattened, no health).</summary>
internal sealed class CatalogServiceEntry
{
    [JsonPropertyName("ID")]
    public string? Id { get; set; }

    public string? Node { get; set; }

    public string? Address { get; set; }

    public string? Datacenter { get; set; }

    public Dictionary<string, string>? NodeMeta { get; set; }

    [JsonPropertyName("ServiceID")]
    public string? ServiceId { get; set; }

    public string? ServiceName { get; set; }

    public List<string>? ServiceTags { get; set; }

    public string? ServiceAddress { get; set; }

    public int ServicePort { get; set; }

    public Dictionary<string, string>? ServiceMeta { get; set; }

    public AgentWeights? ServiceWeights { get; set; }

    public ulong CreateIndex { get; set; }

    public ulong ModifyIndex { get; set; }
}

/// <summary>One element of <c>GET /v1/kv/:key</c>.</summary>
internal sealed class KvEntry
{
    public ulong CreateIndex { get; set; }

    public ulong ModifyIndex { get; set; }

    public ulong LockIndex { get; set; }

    public string? Key { get; set; }

    public ulong Flags { get; set; }

    /// <summary>Base64, or null for an empty value.</summary>
    public string? Value { get; set; }

    public string? Session { get; set; }
}
