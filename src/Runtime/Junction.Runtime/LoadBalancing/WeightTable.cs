using Junction.Contracts;
using Junction.Invocation;

namespace Junction.LoadBalancing;

/// <summary>
/// The weights (after warm-up) of one provider array, with their running sums for weighted picks, and when they may
/// next change. Built once per array and reused while no provider is warming up, so a pick does not recompute the
/// weight of every provider.
/// </summary>
internal sealed class WeightTable
{
    private readonly bool _shared;
    private int[] _weights = [];
    private long[] _cumulative = [];

    // Shared tables: each method's statistics of every provider, by method index, gathered on first use. A scratch
    // table gathers them into one buffer on every call instead.
    private CallStats[]?[]? _statsByMethod;
    private CallStats[] _scratchStats = [];

    /// <summary>Creates a table: <paramref name="shared"/> when it is published to other threads (then immutable once filled).</summary>
    public WeightTable(bool shared) => _shared = shared;

    /// <summary>The providers the table describes (compared by reference).</summary>
    public IProviderInvoker[] Providers { get; private set; } = [];

    /// <summary>The sum of the weights.</summary>
    public long Total { get; private set; }

    /// <summary>Whether every provider has the same weight (then a pick is uniform, as in Dubbo).</summary>
    public bool SameWeight { get; private set; }

    /// <summary>The <see cref="TimeProvider.GetTimestamp"/> at which a warming provider's weight changes; <see cref="long.MaxValue"/> if none will.</summary>
    public long RefreshAt { get; private set; }

    /// <summary>The weight of provider <paramref name="index"/>.</summary>
    public int Weight(int index) => _weights[index];

    /// <summary>
    /// The statistics of <paramref name="method"/> at each provider, index for index: what least-active, shortest-response
    /// and p2c read, without asking every provider on every pick.
    /// </summary>
    public ReadOnlySpan<CallStats> StatsOf(MethodDescriptor method)
    {
        var byMethod = _statsByMethod;
        if (byMethod is not null && (uint)method.Index < (uint)byMethod.Length && Volatile.Read(ref byMethod[method.Index]) is { } cached)
        {
            return cached;
        }

        if (!_shared)
        {
            if (_scratchStats.Length < Providers.Length)
            {
                _scratchStats = new CallStats[Providers.Length];
            }

            Gather(method, _scratchStats);
            return _scratchStats.AsSpan(0, Providers.Length);
        }

        return GatherShared(method);
    }

    /// <summary>Computes the weights of <paramref name="providers"/> at the current time of <paramref name="time"/>.</summary>
    public void Fill(IProviderInvoker[] providers, TimeProvider time)
    {
        var count = providers.Length;
        if (_weights.Length < count)
        {
            _weights = new int[count];
            _cumulative = new long[count];
        }

        var now = time.GetUtcNow();
        var nextChangeMs = long.MaxValue;
        long total = 0;
        var same = true;
        for (var i = 0; i < count; i++)
        {
            var instance = providers[i].Instance;
            var uptime = Warmup.UptimeMilliseconds(instance, now);
            var warmup = Warmup.Milliseconds(instance);
            var weight = Warmup.Weight(instance.Weight, uptime, warmup);
            nextChangeMs = Math.Min(nextChangeMs, Warmup.NextChangeMilliseconds(instance.Weight, uptime, warmup));
            _weights[i] = weight;
            total += weight;
            _cumulative[i] = total;
            same &= weight == _weights[0];
        }

        Providers = providers;
        Total = total;
        SameWeight = same;
        RefreshAt = nextChangeMs == long.MaxValue
            ? long.MaxValue
            : time.GetTimestamp() + (long)(nextChangeMs * (time.TimestampFrequency / 1000.0));
    }

    private CallStats[] GatherShared(MethodDescriptor method)
    {
        var stats = new CallStats[Providers.Length];
        Gather(method, stats);

        // Cached by method index, like ProviderStats.For; an index beyond the service's methods is gathered each time.
        var byMethod = Volatile.Read(ref _statsByMethod);
        if (byMethod is null)
        {
            Interlocked.CompareExchange(ref _statsByMethod, new CallStats[method.Service.Methods.Count][], null);
            byMethod = _statsByMethod!;
        }

        if ((uint)method.Index < (uint)byMethod.Length)
        {
            Volatile.Write(ref byMethod[method.Index], stats);
        }

        return stats;
    }

    private void Gather(MethodDescriptor method, CallStats[] into)
    {
        var providers = Providers;
        for (var i = 0; i < providers.Length; i++)
        {
            into[i] = providers[i].Stats.For(method);
        }
    }

    /// <summary>
    /// A weighted random pick over all providers (Dubbo's RandomLoadBalance): uniform when all weights are equal or all
    /// are 0, else provider i with probability weight(i) / total; a provider of weight 0 is then never picked.
    /// </summary>
    public int Pick(Random random)
    {
        var count = Providers.Length;
        if (SameWeight || Total <= 0)
        {
            return random.Next(count);
        }

        // The first provider whose running sum exceeds the offset: a binary search without branches on the data (the
        // JIT turns the conditional into a select), as a branch per step would be mispredicted half the time.
        var offset = random.NextInt64(Total);
        var cumulative = _cumulative;
        int low = 0, length = count;
        while (length > 1)
        {
            var half = length >> 1;
            low = cumulative[low + half - 1] <= offset ? low + half : low;
            length -= half;
        }

        return cumulative[low] <= offset ? low + 1 : low;
    }

    /// <summary>
    /// A weighted random pick among the providers at <paramref name="candidates"/> (indexes into <see cref="Providers"/>),
    /// whose weights sum to <paramref name="total"/>: Dubbo's tie-break for least-active and shortest-response.
    /// </summary>
    public int PickAmong(ReadOnlySpan<int> candidates, long total, bool sameWeight, Random random)
    {
        if (candidates.Length == 1)
        {
            return candidates[0];
        }

        if (!sameWeight && total > 0)
        {
            var offset = random.NextInt64(total);
            foreach (var candidate in candidates)
            {
                offset -= _weights[candidate];
                if (offset < 0)
                {
                    return candidate;
                }
            }
        }

        return candidates[random.Next(candidates.Length)];
    }
}
