using Junction.Consul.Tests.Double.Wire;
using Microsoft.AspNetCore.Http;

namespace Junction.Consul.Tests.Double;

/// <summary>
/// The agent's local view: <c>GET /v1/agent/services</c> (ID → service) and <c>GET /v1/agent/checks</c> (CheckID →
/// check, service checks only: <c>serfHealth</c> lives in the catalog, not in the agent's local state). No blocking,
/// no index headers; an anonymous token sees an empty map (filtered, as Consul filters by service:read).
/// </summary>
internal sealed class AgentReadEndpoints(ConsulStore store, AclGate acl, ConsulDoubleOptions options)
{
    public Task ServicesAsync(HttpContext context, string tail)
    {
        var allowed = acl.Resolve(context.Request);
        var services = new SortedDictionary<string, AgentServiceJson>(StringComparer.Ordinal);
        lock (store.Gate)
        {
            foreach (var service in allowed ? store.Services.Values : Enumerable.Empty<ServiceEntry>())
            {
                var json = WireMapper.Service(service);
                services[service.ID] = new AgentServiceJson
                {
                    Kind = json.Kind,
                    ID = json.ID,
                    Service = json.Service,
                    Tags = json.Tags,
                    Meta = json.Meta,
                    Port = json.Port,
                    Address = json.Address,
                    TaggedAddresses = json.TaggedAddresses,
                    Weights = json.Weights,
                    EnableTagOverride = json.EnableTagOverride,
                    Datacenter = options.Datacenter,
                };
            }
        }

        return ConsulResponses.JsonAsync(context, services);
    }

    public Task ChecksAsync(HttpContext context, string tail)
    {
        var allowed = acl.Resolve(context.Request);
        var checks = new SortedDictionary<string, CheckJson>(StringComparer.Ordinal);
        lock (store.Gate)
        {
            foreach (var check in allowed ? store.Checks.Values : Enumerable.Empty<CheckEntry>())
            {
                if (check.ServiceID.Length > 0)
                {
                    checks[check.CheckID] = WireMapper.Check(check, options.NodeName, store.Services[check.ServiceID].Tags);
                }
            }
        }

        return ConsulResponses.JsonAsync(context, checks);
    }
}
