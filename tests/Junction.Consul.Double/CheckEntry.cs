namespace Junction.Consul.Tests.Double;

/// <summary>
/// A health check on the agent (Consul's <c>structs.HealthCheck</c> plus the agent-side TTL timer state). Only TTL
/// checks change on their own (expiry); HTTP/TCP/gRPC/script checks are never executed by the double and keep their
/// status until a test calls <see cref="ConsulDouble.SetCheckStatus"/>.
/// </summary>
internal sealed class CheckEntry
{
    public required string CheckID { get; init; }

    public required string Name { get; init; }

    /// <summary>Empty for node checks such as <c>serfHealth</c>.</summary>
    public string ServiceID { get; init; } = string.Empty;

    public string ServiceName { get; init; } = string.Empty;

    public string Notes { get; init; } = string.Empty;

    /// <summary><c>ttl</c>, <c>http</c>, <c>tcp</c>, <c>udp</c>, <c>grpc</c>, <c>h2ping</c>, <c>script</c>, <c>alias</c>, <c>os_service</c> or empty (node checks).</summary>
    public string Type { get; init; } = string.Empty;

    public string Status { get; set; } = HealthStatus.Critical;

    public string Output { get; set; } = string.Empty;

    public TimeSpan? Ttl { get; init; }

    public TimeSpan? Interval { get; init; }

    public TimeSpan? Timeout { get; init; }

    public TimeSpan? DeregisterCriticalServiceAfter { get; init; }

    public string Http { get; init; } = string.Empty;

    public string Method { get; init; } = string.Empty;

    public string Tcp { get; init; } = string.Empty;

    public string Grpc { get; init; } = string.Empty;

    /// <summary>When the TTL runs out without an update (TTL checks only).</summary>
    public DateTimeOffset? TtlDeadline { get; set; }

    /// <summary>Since when the check is critical (what the reaper compares with DeregisterCriticalServiceAfter).</summary>
    public DateTimeOffset? CriticalSince { get; set; }

    public ulong CreateIndex { get; set; }

    public ulong ModifyIndex { get; set; }

    /// <summary>Sets status and output; false when neither changed (Consul then writes nothing and the index stays).</summary>
    public bool Update(string status, string output, DateTimeOffset now)
    {
        if (status == Status && output == Output)
        {
            return false;
        }

        if (status == HealthStatus.Critical && Status != HealthStatus.Critical)
        {
            CriticalSince = now;
        }
        else if (status != HealthStatus.Critical)
        {
            CriticalSince = null;
        }

        Status = status;
        Output = output;
        return true;
    }
}
