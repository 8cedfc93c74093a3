using System.Globalization;
using Junction.Consul.Tests.Double.Wire;
using Microsoft.AspNetCore.Http;

namespace Junction.Consul.Tests.Double;

/// <summary>
/// <c>/v1/kv/:key</c> (<c>agent/kvs_endpoint.go</c>): GET (single, <c>?recurse</c>, <c>?keys</c>, <c>?raw</c>, blocking),
/// PUT (<c>?flags</c>, <c>?cas</c>), DELETE (<c>?recurse</c>, <c>?cas</c>). The double has no sessions: <c>?acquire</c>
/// answers like an unknown session (500), <c>?release</c> answers <c>false</c>.
/// </summary>
internal sealed class KvEndpoints(ConsulStore store, AclGate acl, ConsulDoubleOptions options)
{
    public const int MaxValueSize = 512 * 1024;

    public Task HandleAsync(HttpContext context, string key) => context.Request.Method switch
    {
        "GET" => GetAsync(context, key),
        "PUT" => PutAsync(context, key),
        _ => DeleteAsync(context, key),
    };

    private async Task GetAsync(HttpContext context, string key)
    {
        var queryString = context.Request.Query;
        var keysOnly = queryString.ContainsKey("keys");
        var recurse = keysOnly || queryString.ContainsKey("recurse");
        if (key.Length == 0 && !recurse)
        {
            throw ConsulHttpError.BadRequest("Missing key name");
        }

        var query = QueryOptions.Parse(context.Request, options);
        var allowed = acl.Resolve(context.Request);
        if (!recurse)
        {
            AclGate.Demand(allowed, "key:read", key);
        }

        await query.BlockAsync(store, context.RequestAborted).ConfigureAwait(false);
        List<KvEntry> entries;
        ulong index;
        lock (store.Gate)
        {
            index = store.Index;
            entries = !allowed ? []
                : recurse ? store.Kv.Values.Where(e => e.Key.StartsWith(key, StringComparison.Ordinal)).Select(Copy).ToList()
                : store.Kv.TryGetValue(key, out var entry) ? [Copy(entry)] : [];
        }

        // setMeta runs before the 404, so a client can block on a key that does not exist yet.
        query.SetMeta(context.Response, index, acl.Enabled);
        if (keysOnly)
        {
            var keys = Keys(entries, key, queryString["separator"].ToString() is { Length: > 0 } sep ? sep : queryString["seperator"].ToString());
            if (keys.Count == 0 && key.Length > 0)
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            await ConsulResponses.JsonAsync(context, keys).ConfigureAwait(false);
            return;
        }

        if (entries.Count == 0)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        if (queryString.ContainsKey("raw") && !recurse)
        {
            context.Response.ContentType = "text/plain";
            context.Response.Headers["X-Content-Type-Options"] = "nosniff";
            context.Response.Headers["Content-Security-Policy"] = "sandbox";
            await context.Response.Body.WriteAsync(entries[0].Value, context.RequestAborted).ConfigureAwait(false);
            return;
        }

        await ConsulResponses.JsonAsync(context, entries.Select(Json).ToList()).ConfigureAwait(false);
    }

    private async Task PutAsync(HttpContext context, string key)
    {
        var queryString = context.Request.Query;
        if (key.Length == 0)
        {
            throw ConsulHttpError.BadRequest("Missing key name");
        }

        var cas = ParseUlong(queryString, "cas", "Invalid cas index");
        var flags = ParseUlong(queryString, "flags", "Invalid flags") ?? 0;
        var modes = (cas is null ? 0 : 1) + (queryString.ContainsKey("acquire") ? 1 : 0) + (queryString.ContainsKey("release") ? 1 : 0);
        if (modes > 1)
        {
            throw ConsulHttpError.BadRequest($"Conflicting flags: {context.Request.QueryString.Value?.TrimStart('?')}");
        }

        if (context.Request.ContentLength > MaxValueSize)
        {
            throw new ConsulHttpError(413, $"Request body({context.Request.ContentLength} bytes) too large, max size: {MaxValueSize} bytes. See https://developer.hashicorp.com/consul/docs/agent/config/config-files#kv_max_value_size.");
        }

        AclGate.Demand(acl.Resolve(context.Request), "key:write", key);
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted).ConfigureAwait(false);
        if (buffer.Length > MaxValueSize)
        {
            throw new ConsulHttpError(413, $"Request body({buffer.Length} bytes) too large, max size: {MaxValueSize} bytes. See https://developer.hashicorp.com/consul/docs/agent/config/config-files#kv_max_value_size.");
        }

        if (queryString.TryGetValue("acquire", out var session))
        {
            throw new ConsulHttpError(500, $"invalid session \"{session}\"");
        }

        bool applied;
        lock (store.Gate)
        {
            applied = !queryString.ContainsKey("release") && Put(key, buffer.ToArray(), flags, cas);
        }

        await ConsulResponses.JsonAsync(context, applied).ConfigureAwait(false);
    }

    private async Task DeleteAsync(HttpContext context, string key)
    {
        var queryString = context.Request.Query;
        var recurse = queryString.ContainsKey("recurse");
        var cas = ParseUlong(queryString, "cas", "Invalid cas index");
        if (recurse && cas is not null)
        {
            throw ConsulHttpError.BadRequest($"Conflicting flags: {context.Request.QueryString.Value?.TrimStart('?')}");
        }

        if (key.Length == 0 && !recurse)
        {
            throw ConsulHttpError.BadRequest("Missing key name");
        }

        AclGate.Demand(acl.Resolve(context.Request), "key:write", key);
        bool applied;
        lock (store.Gate)
        {
            var doomed = recurse ? store.Kv.Keys.Where(k => k.StartsWith(key, StringComparison.Ordinal)).ToList() : [key];
            applied = cas is not { } expected || (store.Kv.TryGetValue(key, out var current) && current.ModifyIndex == expected);
            if (applied)
            {
                foreach (var k in doomed)
                {
                    store.Kv.Remove(k);
                }

                store.Commit();
            }
        }

        await ConsulResponses.JsonAsync(context, applied).ConfigureAwait(false);
    }

    /// <summary>A plain set always applies; <c>cas=0</c> only creates; <c>cas=N</c> applies when ModifyIndex is N.</summary>
    private bool Put(string key, byte[] value, ulong flags, ulong? cas)
    {
        store.Kv.TryGetValue(key, out var existing);
        if (cas is { } expected && (expected == 0 ? existing is not null : existing?.ModifyIndex != expected))
        {
            return false;
        }

        var index = store.Commit();
        store.Kv[key] = new KvEntry { Key = key, Value = value, Flags = flags, CreateIndex = existing?.CreateIndex ?? index, ModifyIndex = index };
        return true;
    }

    private static ulong? ParseUlong(IQueryCollection query, string name, string error)
    {
        if (!query.TryGetValue(name, out var text))
        {
            return null;
        }

        return ulong.TryParse(text.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : throw ConsulHttpError.BadRequest(error);
    }

    private static List<string> Keys(List<KvEntry> entries, string prefix, string separator)
    {
        var keys = new List<string>();
        foreach (var entry in entries)
        {
            var key = entry.Key;
            if (separator.Length > 0)
            {
                var at = key.IndexOf(separator, prefix.Length, StringComparison.Ordinal);
                key = at < 0 ? key : key[..(at + separator.Length)];
            }

            if (keys.Count == 0 || keys[^1] != key)
            {
                keys.Add(key);
            }
        }

        return keys;
    }

    private static KvEntry Copy(KvEntry entry) =>
        new() { Key = entry.Key, Value = entry.Value, Flags = entry.Flags, CreateIndex = entry.CreateIndex, ModifyIndex = entry.ModifyIndex };

    private static KvJson Json(KvEntry entry) =>
        new(0, entry.Key, entry.Flags, entry.Value.Length == 0 ? null : Convert.ToBase64String(entry.Value), entry.CreateIndex, entry.ModifyIndex);
}
