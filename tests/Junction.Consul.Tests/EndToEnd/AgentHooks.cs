using Junction.Consul.Tests.Double;

namespace Junction.Consul.Tests.EndToEnd;

/// <summary>What the end-to-end tests read off the Consul double.</summary>
internal static class AgentHooks
{
    /// <summary>The Consul service ID of the provider whose application is <paramref name="name"/>.</summary>
    public static string ServiceId(this ConsulDouble consul, string name)
        => consul.Services.Single(s => s.Meta.GetValueOrDefault("application") == name).ID;

    /// <summary>The status of that provider's TTL check, or null when the agent does not hold it.</summary>
    public static string? CheckStatus(this ConsulDouble consul, string name)
        => consul.Services.SingleOrDefault(s => s.Meta.GetValueOrDefault("application") == name)?.Checks.Single().Status;

    /// <summary>How many heartbeats (TTL passes) of <paramref name="serviceId"/> reached the agent.</summary>
    public static int Heartbeats(this ConsulDouble consul, string serviceId)
        => consul.Requests.Count(r => r.Method == "PUT"
            && r.PathAndQuery.StartsWith("/v1/agent/check/pass/", StringComparison.Ordinal)
            && Uri.UnescapeDataString(r.PathAndQuery).Contains("service:" + serviceId, StringComparison.Ordinal));
}
