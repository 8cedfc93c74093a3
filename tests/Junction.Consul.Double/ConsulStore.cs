namespace Junction.Consul.Tests.Double;

/// <summary>
/// The double's state: one agent on one node, its services and checks, the KV tree, and one raft index for all of
/// it. Every member is used under <see cref="Gate"/>.
/// </summary>
/// <remarks>
/// One global index (as the brief asks, and as Consul before 0.9's per-table indexes): every write moves it, every
/// index-capable read reports it, and a blocking query wakes on any write. Real Consul reports a per-query index, so
/// it may wake less often; "a return is no guarantee of a change" holds for both, and clients must diff results anyway.
/// </remarks>
internal sealed class ConsulStore(TimeProvider clock)
{
    public const string SerfHealthCheckId = "serfHealth";

    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public object Gate { get; } = new();

    public TimeProvider Clock { get; } = clock;

    /// <summary>The raft index. Starts above 0 (bootstrap entries) and is 0 only when a test forces it.</summary>
    public ulong Index { get; private set; } = 1;

    /// <summary>Bumped when blocked queries must return at once whatever their index (snapshot restore, shutdown).</summary>
    public long Generation { get; private set; }

    /// <summary>How many queries are parked in a blocking wait right now.</summary>
    public int Blocked { get; set; }

    public Dictionary<string, ServiceEntry> Services { get; } = new(StringComparer.Ordinal);

    /// <summary>Service checks and node checks (<c>serfHealth</c>), by CheckID.</summary>
    public Dictionary<string, CheckEntry> Checks { get; } = new(StringComparer.Ordinal);

    public SortedDictionary<string, KvEntry> Kv { get; } = new(StringComparer.Ordinal);

    public DateTimeOffset Now => Clock.GetUtcNow();

    /// <summary>A raft write: the index moves on and blocked queries wake. Returns the write's index.</summary>
    public ulong Commit()
    {
        Index++;
        Wake();
        return Index;
    }

    /// <summary>Snapshot restore: the index goes back to <paramref name="index"/>; blocked queries return at once.</summary>
    public void RestoreIndex(ulong index)
    {
        Index = index;
        Abort();
    }

    /// <summary>Blocked queries return at once (with whatever the state is).</summary>
    public void Abort()
    {
        Generation++;
        Wake();
    }

    /// <summary>Completes when the next write (or abort) happens; take it under the gate with the index you compare.</summary>
    public Task Changed => _changed.Task;

    public void AddSerfHealth()
    {
        var index = Commit();
        Checks[SerfHealthCheckId] = new CheckEntry
        {
            CheckID = SerfHealthCheckId,
            Name = "Serf Health Status",
            Status = HealthStatus.Passing,
            Output = "Agent alive and reachable",
            CreateIndex = index,
            ModifyIndex = index,
        };
    }

    public IEnumerable<CheckEntry> ChecksOf(string serviceId)
    {
        foreach (var check in Checks.Values)
        {
            if (check.ServiceID == serviceId)
            {
                yield return check;
            }
        }
    }

    public void RemoveService(string serviceId)
    {
        Services.Remove(serviceId);
        foreach (var check in ChecksOf(serviceId).ToList())
        {
            Checks.Remove(check.CheckID);
        }
    }

    /// <summary>
    /// TTL expiry and the critical-service reaper, evaluated at the clock's now. A TTL that ran out at time T makes
    /// the check critical since T, so one long <c>Advance</c> gives the same result as many short ones. Consul's reaper
    /// runs every 30 s, so a real agent removes the service up to 30 s later than this double does.
    /// </summary>
    public void RunExpiry()
    {
        var now = Now;
        foreach (var check in Checks.Values)
        {
            // checks.go getExpiredOutput: the last output the application sent is kept after the prefix.
            var expired = check.Output.Length == 0 || check.Output.StartsWith("TTL expired", StringComparison.Ordinal)
                ? (check.Output.Length == 0 ? "TTL expired" : check.Output)
                : $"TTL expired (last output before timeout follows): {check.Output}";
            if (check.TtlDeadline is { } deadline && deadline <= now && check.Update(HealthStatus.Critical, expired, deadline))
            {
                check.ModifyIndex = Commit();
            }
        }

        foreach (var check in Checks.Values.ToList())
        {
            if (check.DeregisterCriticalServiceAfter is { } after && check.Status == HealthStatus.Critical
                && check.CriticalSince is { } since && now - since >= after && Services.ContainsKey(check.ServiceID))
            {
                RemoveService(check.ServiceID);
                Commit();
            }
        }
    }

    private void Wake()
    {
        var changed = _changed;
        _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        changed.TrySetResult();
    }
}
