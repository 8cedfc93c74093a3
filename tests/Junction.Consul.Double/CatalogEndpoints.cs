using Microsoft.AspNetCore.Http;

namespace Junction.Consul.Tests.Double;

/// <summary>
/// <c>GET /v1/catalog/services</c>: service name → union of its instances' tags, <c>consul</c> itself included,
/// blocking on the index like every catalog read.
/// </summary>
internal sealed class CatalogEndpoints(ConsulStore store, AclGate acl, ConsulDoubleOptions options)
{
    public async Task ServicesAsync(HttpContext context, string tail)
    {
        var query = QueryOptions.Parse(context.Request, options);
        var allowed = acl.Resolve(context.Request);
        await query.BlockAsync(store, context.RequestAborted).ConfigureAwait(false);

        var services = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        ulong index;
        lock (store.Gate)
        {
            index = store.Index;
            if (allowed)
            {
                services["consul"] = [];
                foreach (var service in store.Services.Values)
                {
                    var tags = services.TryGetValue(service.Name, out var known) ? known : services[service.Name] = [];
                    tags.AddRange(service.Tags.Where(t => !tags.Contains(t)));
                }
            }
        }

        query.SetMeta(context.Response, index, acl.Enabled);
        await ConsulResponses.JsonAsync(context, services).ConfigureAwait(false);
    }
}
