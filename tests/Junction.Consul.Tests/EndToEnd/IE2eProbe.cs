namespace Junction.Consul.Tests.EndToEnd;

/// <summary>The contract the end-to-end tests call over tcp: each provider answers with its own name.</summary>
[RpcService(Version = "1.0.0", Group = "e2e", Protocol = "tcp")]
public interface IE2eProbe
{
    /// <summary>The name of the provider that answered.</summary>
    Task<string> WhoAsync(CancellationToken cancellationToken = default);
}

/// <summary>A provider named <paramref name="name"/> (also its application name, so a consumer can tell providers apart).</summary>
internal sealed class NamedProbe(string name) : IE2eProbe
{
    public Task<string> WhoAsync(CancellationToken cancellationToken = default) => Task.FromResult(name);
}
