using Junction.Consul.Tests.Double.Wire;
using Microsoft.AspNetCore.Http;

namespace Junction.Consul.Tests.Double;

/// <summary>
/// <c>GET /v1/health/service/:service</c> (<c>agent/health_endpoint.go</c>): <c>?passing</c>, repeatable <c>?tag=</c>
/// (AND, case-insensitive), blocking on <c>?index=&amp;wait=</c>. An unknown service is 200 <c>[]</c>, never 404.
/// </summary>
internal sealed class HealthEndpoints(ConsulStore store, AclGate acl, ConsulDoubleOptions options, string nodeId)
{
    public async Task ServiceAsync(HttpContext context, string name)
    {
        if (name.Length == 0)
        {
            throw ConsulHttpError.BadRequest("Missing service name");
        }

        var passingOnly = ParsePassing(context.Request);
        var tags = context.Request.Query["tag"].Where(t => !string.IsNullOrEmpty(t)).Select(t => t!).ToList();
        var filter = ServiceFilter.Parse(context.Request.Query["filter"].ToString());
        var query = QueryOptions.Parse(context.Request, options);
        var allowed = acl.Resolve(context.Request);
        await query.BlockAsync(store, context.RequestAborted).ConfigureAwait(false);

        List<HealthEntryJson> rows;
        ulong index;
        lock (store.Gate)
        {
            index = store.Index;

            // An anonymous token without service:read sees the rows filtered away (200 []), as Consul filters reads.
            rows = allowed ? Rows(name, passingOnly, tags, filter) : [];
        }

        query.SetMeta(context.Response, index, acl.Enabled);
        await ConsulResponses.JsonAsync(context, rows).ConfigureAwait(false);
    }

    /// <summary><c>?passing</c> bare or Go <c>strconv.ParseBool</c>; anything else is a 400.</summary>
    private static bool ParsePassing(HttpRequest request)
    {
        if (!request.Query.TryGetValue("passing", out var value))
        {
            return false;
        }

        return value.ToString() switch
        {
            "" or "1" or "t" or "T" or "true" or "TRUE" or "True" => true,
            "0" or "f" or "F" or "false" or "FALSE" or "False" => false,
            _ => throw ConsulHttpError.BadRequest("Invalid value for ?passing"),
        };
    }

    private List<HealthEntryJson> Rows(string name, bool passingOnly, List<string> tags, ServiceFilter filter)
    {
        var node = Node();
        var rows = new List<HealthEntryJson>();
        foreach (var service in store.Services.Values.OrderBy(s => s.ID, StringComparer.Ordinal))
        {
            if (!string.Equals(service.Name, name, StringComparison.OrdinalIgnoreCase)
                || !tags.TrueForAll(tag => service.Tags.Any(t => string.Equals(t, tag, StringComparison.OrdinalIgnoreCase))))
            {
                continue;
            }

            var checks = store.Checks.Values
                .Where(c => c.ServiceID.Length == 0 || c.ServiceID == service.ID)
                .OrderBy(c => c.ServiceID.Length == 0 ? 1 : 0)
                .ThenBy(c => c.CheckID, StringComparer.Ordinal)
                .Select(c => WireMapper.Check(c, options.NodeName, c.ServiceID.Length == 0 ? [] : service.Tags))
                .ToList();
            if (passingOnly && !checks.TrueForAll(c => c.Status == HealthStatus.Passing))
            {
                continue;
            }

            var row = new HealthEntryJson(node, WireMapper.Service(service), checks);
            if (filter.Matches(row))
            {
                rows.Add(row);
            }
        }

        return rows;
    }

    private NodeJson Node()
    {
        var serf = store.Checks.GetValueOrDefault(ConsulStore.SerfHealthCheckId);
        var address = options.NodeAddress;
        return new NodeJson(
            nodeId,
            options.NodeName,
            address,
            options.Datacenter,
            new Dictionary<string, string> { ["lan"] = address, ["lan_ipv4"] = address, ["wan"] = address, ["wan_ipv4"] = address },
            new Dictionary<string, string> { ["consul-network-segment"] = string.Empty },
            serf?.CreateIndex ?? 1,
            serf?.CreateIndex ?? 1);
    }
}
