namespace Junction.Consul.Tests.Double;

/// <summary>Failures queued by <see cref="ConsulDouble.FailNextHeartbeat"/>, taken one per TTL update.</summary>
internal sealed class HeartbeatFaults
{
    private readonly Queue<int> _next = new();

    public void Add(int status, int times)
    {
        if (status is not (404 or 500))
        {
            throw new ArgumentOutOfRangeException(nameof(status), status, "Consul answers a lost TTL check with 404 (modern agents) or 500 (older agents, or a check without TTL).");
        }

        lock (_next)
        {
            for (var i = 0; i < times; i++)
            {
                _next.Enqueue(status);
            }
        }
    }

    public void ThrowIfQueued(string checkId)
    {
        int status;
        lock (_next)
        {
            if (!_next.TryDequeue(out status))
            {
                return;
            }
        }

        throw status == 404 ? UnknownCheck(checkId) : NoTtl(checkId);
    }

    public static ConsulHttpError UnknownCheck(string checkId) =>
        ConsulHttpError.NotFound($"Unknown check ID \"{checkId}\". Ensure that the check ID is passed, not the check name.");

    public static ConsulHttpError NoTtl(string checkId) => new(500, $"CheckID \"{checkId}\" does not have associated TTL");
}
