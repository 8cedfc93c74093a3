using System.Text.Json.Serialization;

namespace Junction.Consul.Http;

/// <summary>Source-generated JSON for Consul's wire shapes: PascalCase out, case-insensitive in, nulls left out.</summary>
[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AgentServiceRegistration))]
[JsonSerializable(typeof(List<HealthServiceEntry>))]
[JsonSerializable(typeof(List<AgentServiceHealth>))]
[JsonSerializable(typeof(Dictionary<string, ConsulService>))]
[JsonSerializable(typeof(Dictionary<string, HealthCheck>))]
[JsonSerializable(typeof(List<HealthCheck>))]
[JsonSerializable(typeof(List<CatalogServiceEntry>))]
[JsonSerializable(typeof(Dictionary<string, List<string>>))]
[JsonSerializable(typeof(List<KvEntry>))]
[JsonSerializable(typeof(List<string>))]
internal sealed partial class ConsulJsonContext : JsonSerializerContext;
