namespace Junction.Consul.Blocking;

/// <summary>
/// The index a blocking query loop sends, following Consul's rules for clients (CONSUL-API.md §4, §10):
/// <list type="number">
/// <item>An index lower than the last one (snapshot restore, a stale read from another server) resets to 0, so the next
/// query does not block and the loop starts over; waiting on the old, higher index would block for the full wait every
/// time and miss changes indefinitely (Dubbo's <c>index &gt; last</c> check has this bug).</item>
/// <item>An index of 0 (or none at all) after a query is clamped to 1: an index of 0 makes every query return at once, a
/// busy loop, while 1 is always safe.</item>
/// <item>Otherwise the returned index is the next one.</item>
/// </list>
/// So 0 is only ever sent on the first query and on the query right after a reset, and both of those are sent without
/// an <c>index</c> parameter at all.
/// </summary>
internal sealed class BlockingIndex
{
    /// <summary>The index to send; 0 means "do not block" (leave <c>index</c> out).</summary>
    public ulong Current { get; private set; }

    /// <summary>Adopts the <c>X-Consul-Index</c> of an answer; returns true when it went backwards and was reset.</summary>
    public bool Observe(ulong? returned)
    {
        var value = returned ?? 0;
        if (value < Current)
        {
            Current = 0;
            return true;
        }

        Current = value == 0 ? 1 : value;
        return false;
    }

    /// <summary>The query-string part for the current index and <paramref name="wait"/>; empty when not blocking.</summary>
    public string Query(TimeSpan wait) =>
        Current == 0 ? "" : "index=" + Current.ToString(System.Globalization.CultureInfo.InvariantCulture) + "&wait=" + Http.GoDuration.Format(wait);
}
