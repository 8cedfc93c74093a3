namespace Junction.Consul.Tests.Double;

/// <summary>Consul's check status words.</summary>
public static class HealthStatus
{
    /// <summary>The check passes.</summary>
    public const string Passing = "passing";

    /// <summary>The check warns (excluded by <c>?passing</c>).</summary>
    public const string Warning = "warning";

    /// <summary>The check fails; new checks start here unless the registration says otherwise.</summary>
    public const string Critical = "critical";

    internal static bool IsValid(string? status) => status is Passing or Warning or Critical;
}
