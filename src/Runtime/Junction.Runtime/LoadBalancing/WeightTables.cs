using Junction.Invocation;

namespace Junction.LoadBalancing;

/// <summary>
/// The <see cref="WeightTable"/>s of one balancer, cached by provider array. Directories hand out the same array until
/// their providers change, and routers cache their results, so most calls find their table here.
/// </summary>
/// <remarks>
/// An array is cached the second time it is seen: retries and calls made while a provider is down pass a fresh array
/// each time, and those are served from a per-thread scratch table instead, so neither path allocates per call. Four
/// arrays are kept (say, two methods routed to different subsets, plus a retry's), replaced in turn.
/// </remarks>
internal sealed class WeightTables
{
    private const int Slots = 4;

    [ThreadStatic]
    private static WeightTable? t_scratch;

    private readonly TimeProvider _time;
    private readonly WeightTable?[] _tables = new WeightTable?[Slots];
    private IProviderInvoker[]? _seenOnce;
    private int _nextSlot;

    public WeightTables(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
    }

    /// <summary>The weights of <paramref name="providers"/> now. A scratch table is valid until this thread's next call.</summary>
    public WeightTable For(IProviderInvoker[] providers)
    {
        var tables = _tables;
        for (var i = 0; i < tables.Length; i++)
        {
            var table = Volatile.Read(ref tables[i]);
            if (table is not null && ReferenceEquals(table.Providers, providers))
            {
                if (table.RefreshAt == long.MaxValue || _time.GetTimestamp() < table.RefreshAt)
                {
                    return table;
                }

                // A provider is warming up and its weight has moved on: publish a new table (tables are immutable once
                // shared, so readers holding the old one are not disturbed).
                return Publish(i, providers);
            }
        }

        if (ReferenceEquals(Volatile.Read(ref _seenOnce), providers))
        {
            return Publish((int)((uint)Interlocked.Increment(ref _nextSlot) % Slots), providers);
        }

        Volatile.Write(ref _seenOnce, providers);
        var scratch = t_scratch ??= new WeightTable(shared: false);
        scratch.Fill(providers, _time);
        return scratch;
    }

    private WeightTable Publish(int slot, IProviderInvoker[] providers)
    {
        var table = new WeightTable(shared: true);
        table.Fill(providers, _time);
        Volatile.Write(ref _tables[slot], table);
        return table;
    }
}
