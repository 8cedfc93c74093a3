using System.Globalization;
using Junction.Consul.Http;
using Junction.Registry;

namespace Junction.Consul.Registry;

/// <summary>
/// Writes a <see cref="ServiceInstance"/> as a Consul registration and reads it back from <c>health/service</c> rows.
/// Junction's weight, start time, protocol and service key travel in meta entries of their own (<see cref="MetaKey"/>);
/// metadata keys are escaped; the protocol, version and group are also tags, for filtering and for people reading the
/// Consul UI. Consul's own <c>Weights.Passing</c> carries the weight as well, clamped to Consul's 1–65535 (Junction
/// allows 0), for DNS consumers; Junction reads its exact weight from <c>_weight</c>.
/// </summary>
internal static class InstanceCodec
{
    private const int MaxMetaPairs = 64;
    private const int MaxMetaValue = 512;

    public static AgentServiceRegistration ToRegistration(ServiceInstance instance, ConsulOptions options)
    {
        var (interfaceName, _, _) = ConsulServiceName.Split(instance.ServiceKey);
        var id = ConsulServiceName.InstanceId(instance.ServiceKey, instance.Host, instance.Port, instance.Protocol);
        var meta = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [MetaKey.Protocol] = instance.Protocol,
            [MetaKey.Weight] = instance.Weight.ToString(CultureInfo.InvariantCulture),
            [MetaKey.StartTime] = instance.StartTime.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
            [MetaKey.ServiceKey] = instance.ServiceKey,
        };
        foreach (var (key, value) in instance.Metadata)
        {
            var escaped = MetaKey.Escape(key);
            if (escaped.Length > MetaKey.MaxKeyLength)
            {
                throw new InvalidOperationException($"{instance.ServiceKey}: metadata key '{key}' is {escaped.Length} characters once escaped for Consul, over Consul's limit of {MetaKey.MaxKeyLength}; use a shorter key.");
            }

            if (value.Length > MaxMetaValue)
            {
                throw new InvalidOperationException($"{instance.ServiceKey}: the value of metadata '{key}' is {value.Length} characters, over Consul's limit of {MaxMetaValue}; shorten it.");
            }

            meta[escaped] = value;
        }

        if (meta.Count > MaxMetaPairs)
        {
            throw new InvalidOperationException($"{instance.ServiceKey}: {meta.Count} meta entries (4 of them Junction's), over Consul's limit of {MaxMetaPairs}; register fewer metadata entries.");
        }

        var tags = new List<string>(SystemTags(instance));
        foreach (var tag in instance.Tags)
        {
            if (!tags.Contains(tag))
            {
                tags.Add(tag);
            }
        }

        return new AgentServiceRegistration
        {
            Id = id,
            Name = ConsulServiceName.ForInterface(interfaceName),
            Tags = tags,
            Address = instance.Host,
            Port = instance.Port,
            Meta = meta,
            Weights = new AgentWeights { Passing = Math.Clamp(instance.Weight, 1, 65535), Warning = 1 },
            Check = new AgentServiceCheck
            {
                CheckId = CheckId(id),
                Name = "Junction heartbeat",
                Ttl = GoDuration.Format(options.CheckTtl),
                // A TTL check starts critical, invisible to ?passing until the first heartbeat (§1): start passing.
                Status = "passing",
                DeregisterCriticalServiceAfter = GoDuration.Format(options.DeregisterCriticalServiceAfter),
            },
        };
    }

    public static string CheckId(string serviceId) => "service:" + serviceId;

    /// <summary>The instances of <paramref name="serviceKey"/> among the rows, ordered by id.</summary>
    public static IReadOnlyList<ServiceInstance> FromEntries(string serviceKey, IReadOnlyList<HealthServiceEntry>? entries)
    {
        if (entries is null || entries.Count == 0)
        {
            return [];
        }

        var instances = new List<ServiceInstance>(entries.Count);
        foreach (var entry in entries)
        {
            if (FromEntry(serviceKey, entry) is { } instance)
            {
                instances.Add(instance);
            }
        }

        instances.Sort(static (a, b) => string.CompareOrdinal(a.Id, b.Id));
        return instances;
    }

    /// <summary>The instance in a row, or null when the row is not a Junction provider of this service key.</summary>
    public static ServiceInstance? FromEntry(string serviceKey, HealthServiceEntry entry)
    {
        var service = entry.Service;
        var meta = service?.Meta;
        if (service is null || meta is null
            || !meta.TryGetValue(MetaKey.ServiceKey, out var key) || key != serviceKey
            || !meta.TryGetValue(MetaKey.Protocol, out var protocol) || string.IsNullOrEmpty(protocol))
        {
            return null;
        }

        var host = string.IsNullOrEmpty(service.Address) ? entry.Node?.Address : service.Address;
        if (string.IsNullOrEmpty(host))
        {
            return null;
        }

        var weight = meta.TryGetValue(MetaKey.Weight, out var w) && int.TryParse(w, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed)
            ? parsed
            : service.Weights?.Passing ?? ServiceInstance.DefaultWeight;
        var start = meta.TryGetValue(MetaKey.StartTime, out var s) && long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms)
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : DateTimeOffset.UnixEpoch;
        var metadata = new Dictionary<string, string>(meta.Count, StringComparer.Ordinal);
        foreach (var (escaped, value) in meta)
        {
            if (MetaKey.TryUnescape(escaped, out var original))
            {
                metadata[original] = value;
            }
        }

        var probe = new ServiceInstance(serviceKey, protocol, host, service.Port);
        var system = SystemTags(probe);
        var tags = new List<string>();
        foreach (var tag in service.Tags ?? [])
        {
            if (Array.IndexOf(system, tag) < 0)
            {
                tags.Add(tag);
            }
        }

        return probe with { Weight = weight, StartTime = start, Metadata = metadata, Tags = tags };
    }

    /// <summary>True when two snapshots list the same providers with the same data (records compare metadata by reference).</summary>
    public static bool SameSnapshot(IReadOnlyList<ServiceInstance> a, IReadOnlyList<ServiceInstance> b)
    {
        if (a.Count != b.Count)
        {
            return false;
        }

        for (var i = 0; i < a.Count; i++)
        {
            if (!Same(a[i], b[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static bool Same(ServiceInstance a, ServiceInstance b)
    {
        if (a.ServiceKey != b.ServiceKey || a.Protocol != b.Protocol || a.Host != b.Host || a.Port != b.Port
            || a.Weight != b.Weight || a.StartTime != b.StartTime || a.Metadata.Count != b.Metadata.Count || !a.Tags.SequenceEqual(b.Tags))
        {
            return false;
        }

        foreach (var (key, value) in a.Metadata)
        {
            if (!b.Metadata.TryGetValue(key, out var other) || other != value)
            {
                return false;
            }
        }

        return true;
    }

    private static string[] SystemTags(ServiceInstance instance)
    {
        var filter = ConsulServiceName.FilterTags(instance.ServiceKey);
        return ["protocol=" + instance.Protocol, filter[0], filter[1]];
    }
}
