namespace Junction.Consul.Tests.Double;

/// <summary>A registered service as the double holds it, for assertions.</summary>
public sealed record ServiceSnapshot(
    string ID,
    string Name,
    IReadOnlyList<string> Tags,
    string Address,
    int Port,
    IReadOnlyDictionary<string, string> Meta,
    IReadOnlyList<CheckSnapshot> Checks);

/// <summary>A service check as the double holds it.</summary>
public sealed record CheckSnapshot(
    string CheckID,
    string Name,
    string Status,
    string Output,
    string Type,
    TimeSpan? Ttl,
    TimeSpan? DeregisterCriticalServiceAfter);

/// <summary>A request the double received: method, path with query, and the ACL token it carried (if any).</summary>
public sealed record RecordedRequest(string Method, string PathAndQuery, string? Token);

/// <summary>How a <see cref="ConsulDouble.Dead"/> agent fails to answer.</summary>
public enum DeadMode
{
    /// <summary>Requests are accepted and held, unanswered, until <see cref="ConsulDouble.Alive"/> (a hung agent).</summary>
    Hang,

    /// <summary>Connections are dropped without an answer (a crashed agent behind a live port).</summary>
    Reset,
}
