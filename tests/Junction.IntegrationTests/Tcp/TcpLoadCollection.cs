namespace Junction.IntegrationTests.Tcp;

/// <summary>
/// The test classes that load this process (thousands of calls, fuzzing) and the one whose assertions need timely
/// heartbeats: one collection, so they never run at the same time, even where xUnit runs collections in parallel.
/// Under a saturated thread pool a timer can fire late enough for a short heartbeat interval to look like a dead peer.
/// </summary>
[CollectionDefinition(Name)]
public sealed class TcpLoadCollection
{
    public const string Name = "tcp load and heartbeat timing";
}
