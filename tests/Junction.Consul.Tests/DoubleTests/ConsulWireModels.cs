using System.Text.Json;
using System.Text.Json.Serialization;

namespace Junction.Consul.Tests.DoubleTests;

/// <summary>
/// Consul's response shapes as the tests read them: from the docs fixtures and from the double. They are read with
/// unmapped members disallowed, so a property either side writes that is not modelled here fails the test.
/// </summary>
internal static class ConsulWire
{
    public static readonly JsonSerializerOptions Strict = new()
    {
        PropertyNameCaseInsensitive = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };
}

internal sealed record HealthServiceEntry(NodeRecord Node, ServiceRecord Service, List<CheckRecord> Checks);

internal sealed record NodeRecord(
    string ID, string Node, string Address, string Datacenter, Dictionary<string, string>? TaggedAddresses,
    Dictionary<string, string>? Meta, ulong CreateIndex, ulong ModifyIndex);

internal sealed record TaggedAddressRecord(string Address, int Port);

internal sealed record WeightsRecord(int Passing, int Warning);

/// <summary>A service as health/service and agent/services write it (agent answers add Datacenter and Namespace).</summary>
internal sealed record ServiceRecord(
    string? Kind, string ID, string Service, List<string> Tags, string Address, Dictionary<string, TaggedAddressRecord>? TaggedAddresses,
    Dictionary<string, string> Meta, int Port, string? SocketPath, WeightsRecord Weights, bool EnableTagOverride, JsonElement? Proxy,
    JsonElement? Connect, string? PeerName, string? Namespace, string? Datacenter, ulong CreateIndex, ulong ModifyIndex);

internal sealed record CheckDefinitionRecord(
    string? Interval, string? Timeout, string? DeregisterCriticalServiceAfter, string? HTTP, Dictionary<string, List<string>>? Header,
    string? Method, string? Body, string? TLSServerName, bool TLSSkipVerify, string? TCP, string? GRPC, string? TTL);

internal sealed record CheckRecord(
    string Node, string CheckID, string Name, string Status, string Notes, string Output, string ServiceID, string ServiceName,
    List<string> ServiceTags, string? Type, string? Interval, string? Timeout, int ExposedPort, CheckDefinitionRecord? Definition,
    string? Namespace, ulong CreateIndex, ulong ModifyIndex);

internal sealed record AgentServiceHealthRecord(string AggregatedStatus, ServiceRecord Service, List<CheckRecord> Checks);

internal sealed record CatalogServiceRecord(
    string ID, string Node, string Address, string Datacenter, Dictionary<string, string>? TaggedAddresses, Dictionary<string, string>? NodeMeta,
    string? ServiceKind, string ServiceID, string ServiceName, List<string> ServiceTags, string ServiceAddress,
    Dictionary<string, TaggedAddressRecord>? ServiceTaggedAddresses, WeightsRecord? ServiceWeights, Dictionary<string, string> ServiceMeta,
    int ServicePort, bool ServiceEnableTagOverride, JsonElement? ServiceProxy, JsonElement? ServiceConnect, string? Namespace,
    ulong CreateIndex, ulong ModifyIndex);

internal sealed record KvPairRecord(ulong CreateIndex, ulong ModifyIndex, ulong LockIndex, string Key, ulong Flags, string? Value, string? Session);

internal sealed record SessionCreatedRecord(string ID);

internal sealed record SessionRecord(
    string ID, string Name, string Node, long LockDelay, string Behavior, string TTL, List<string>? NodeChecks,
    List<JsonElement>? ServiceChecks, ulong CreateIndex, ulong ModifyIndex);
