namespace Junction.Consul.Tests.Double;

/// <summary>How a <see cref="ConsulDouble"/> presents itself. Defaults match a one-node dev agent.</summary>
public sealed class ConsulDoubleOptions
{
    /// <summary>The clock for TTLs and DeregisterCriticalServiceAfter. Default: a new <see cref="ManualClock"/>
    /// (then <see cref="ConsulDouble.Advance"/> works); pass your own to share it with the code under test and call
    /// <see cref="ConsulDouble.RunExpiry"/> after moving it.</summary>
    public TimeProvider? Clock { get; init; }

    /// <summary>The node name in health answers and check rows.</summary>
    public string NodeName { get; init; } = "junction-double";

    /// <summary>The node (and default service) address.</summary>
    public string NodeAddress { get; init; } = "127.0.0.1";

    /// <summary>The datacenter.</summary>
    public string Datacenter { get; init; } = "dc1";

    /// <summary>A blocking query without <c>?wait=</c> waits this long (Consul: 5 min).</summary>
    public TimeSpan DefaultWait { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>A blocking query never waits longer (Consul: 10 min). Lower it to make a client's long polls short.</summary>
    public TimeSpan MaxWait { get; init; } = TimeSpan.FromMinutes(10);
}
