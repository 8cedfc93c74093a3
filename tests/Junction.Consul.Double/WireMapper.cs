using Junction.Consul.Tests.Double.Wire;

namespace Junction.Consul.Tests.Double;

/// <summary>The double's state written in Consul's JSON shapes.</summary>
internal static class WireMapper
{
    public static ServiceJson Service(ServiceEntry service) => new()
    {
        Kind = service.Kind.Length == 0 ? null : service.Kind,
        ID = service.ID,
        Service = service.Name,
        Tags = service.Tags,
        Address = service.Address,
        TaggedAddresses = service.TaggedAddresses?.ToDictionary(p => p.Key, p => new ServiceAddressJson(p.Value.Address, p.Value.Port)),
        Meta = service.Meta,
        Port = service.Port,
        Weights = new WeightsJson(service.WeightPassing, service.WeightWarning),
        EnableTagOverride = service.EnableTagOverride,
        CreateIndex = service.CreateIndex,
        ModifyIndex = service.ModifyIndex,
    };

    public static CheckJson Check(CheckEntry check, string nodeName, IReadOnlyList<string> serviceTags)
    {
        // HealthCheckDefinition marshals every field omitempty, durations as Go strings.
        var definition = new Dictionary<string, object>();
        AddIfSet(definition, "HTTP", check.Http);
        AddIfSet(definition, "Method", check.Method);
        AddIfSet(definition, "TCP", check.Tcp);
        AddIfSet(definition, "GRPC", check.Grpc);
        AddIfSet(definition, "Interval", check.Interval);
        AddIfSet(definition, "Timeout", check.Timeout);
        AddIfSet(definition, "DeregisterCriticalServiceAfter", check.DeregisterCriticalServiceAfter);
        return new CheckJson(
            nodeName,
            check.CheckID,
            check.Name,
            check.Status,
            check.Notes,
            check.Output,
            check.ServiceID,
            check.ServiceName,
            serviceTags,
            check.Type,
            check.Interval is { } interval ? GoDuration.Format(interval) : string.Empty,
            check.Timeout is { } timeout ? GoDuration.Format(timeout) : string.Empty,
            0,
            definition,
            check.CreateIndex,
            check.ModifyIndex);
    }

    private static void AddIfSet(Dictionary<string, object> definition, string name, string value)
    {
        if (value.Length > 0)
        {
            definition[name] = value;
        }
    }

    private static void AddIfSet(Dictionary<string, object> definition, string name, TimeSpan? value)
    {
        if (value is { } v && v > TimeSpan.Zero)
        {
            definition[name] = GoDuration.Format(v);
        }
    }
}
