namespace Junction.IntegrationTests.Tcp;

/// <summary>
/// The test classes that load this process (thousands of calls, fuzzing) and the one whose assertions need timely
/// heartbeats: one collection, so xUnit never runs them at the same time (it runs other classes in parallel). Under a
/// saturated thread pool a timer can fire late enough for a 300 ms heartbeat to look like a dead peer.
/// </summary>
[CollectionDefinition(Name)]
public sealed class TcpLoadCollection
{
    public const string Name = "tcp load and heartbeat timing";
}
