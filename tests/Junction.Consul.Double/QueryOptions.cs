using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Junction.Consul.Tests.Double;

/// <summary>
/// The common query parameters of index-capable reads (<c>agent/http.go</c> <c>parseWait</c>, <c>parseConsistency</c>):
/// <c>?index=</c>, <c>?wait=</c>, <c>?stale</c>, <c>?consistent</c>.
/// </summary>
internal sealed record QueryOptions(ulong MinIndex, TimeSpan Wait, string Consistency)
{
    public static QueryOptions Parse(HttpRequest request, ConsulDoubleOptions options)
    {
        var query = request.Query;
        if (query.TryGetValue("dc", out var dc) && dc.ToString().Length > 0 && dc.ToString() != options.Datacenter)
        {
            throw new ConsulHttpError(500, "No path to datacenter");
        }

        ulong index = 0;
        if (query.TryGetValue("index", out var indexText) && !ulong.TryParse(indexText.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out index))
        {
            throw ConsulHttpError.BadRequest("Invalid index");
        }

        var wait = TimeSpan.Zero;
        if (query.TryGetValue("wait", out var waitText) && (!GoDuration.TryParse(waitText.ToString(), out wait, out _) || wait < TimeSpan.Zero))
        {
            throw ConsulHttpError.BadRequest("Invalid wait time");
        }

        // rpc.go: no wait means the 5 min default, and the server clamps at 10 min. Consul then adds a random jitter of up
        // to wait/16; the double adds none, so a test's short wait returns after exactly that wait (clients must still
        // allow wait*17/16 plus the round trip against a real agent).
        wait = wait == TimeSpan.Zero ? options.DefaultWait : wait;
        wait = wait > options.MaxWait ? options.MaxWait : wait;

        var stale = query.ContainsKey("stale");
        var consistent = query.ContainsKey("consistent");
        if (stale && consistent)
        {
            throw ConsulHttpError.BadRequest("Cannot specify ?stale with ?consistent, conflicting semantics.");
        }

        return new QueryOptions(index, wait, stale ? "stale" : consistent ? "consistent" : "leader");
    }

    /// <summary>
    /// Blocks until the store's index passes <see cref="MinIndex"/>, a blocked-query abort, or <see cref="Wait"/>
    /// elapses (real time: the test clock drives TTLs, not long polls). No index (or 0) answers at once.
    /// </summary>
    public async Task BlockAsync(ConsulStore store, CancellationToken cancellationToken)
    {
        if (MinIndex == 0)
        {
            return;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Wait);
        long generation;
        lock (store.Gate)
        {
            generation = store.Generation;
            store.Blocked++;
        }

        try
        {
            await WaitForIndexAsync(store, generation, timeout.Token, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            lock (store.Gate)
            {
                store.Blocked--;
            }
        }
    }

    private async Task WaitForIndexAsync(ConsulStore store, long generation, CancellationToken timeout, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task changed;
            lock (store.Gate)
            {
                if (store.Index > MinIndex || store.Generation != generation)
                {
                    return;
                }

                changed = store.Changed;
            }

            try
            {
                await changed.WaitAsync(timeout).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary><c>setMeta</c>: the headers every index-capable read carries, also on a 404.</summary>
    public void SetMeta(HttpResponse response, ulong index, bool aclDeny)
    {
        response.Headers["X-Consul-Index"] = index.ToString(CultureInfo.InvariantCulture);
        response.Headers["X-Consul-KnownLeader"] = "true";
        response.Headers["X-Consul-LastContact"] = "0";
        response.Headers["X-Consul-Effective-Consistency"] = Consistency;
        response.Headers["X-Consul-Query-Backend"] = "blocking-query";
        response.Headers["X-Consul-Default-ACL-Policy"] = aclDeny ? "deny" : "allow";
    }
}
