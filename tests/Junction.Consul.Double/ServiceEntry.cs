namespace Junction.Consul.Tests.Double;

/// <summary>A service registered on the double's single agent/node (Consul's <c>structs.NodeService</c>).</summary>
internal sealed class ServiceEntry
{
    public required string ID { get; init; }

    public required string Name { get; init; }

    public string Kind { get; init; } = string.Empty;

    public IReadOnlyList<string> Tags { get; init; } = [];

    public string Address { get; init; } = string.Empty;

    public int Port { get; init; }

    public IReadOnlyDictionary<string, (string Address, int Port)>? TaggedAddresses { get; init; }

    public IReadOnlyDictionary<string, string> Meta { get; init; } = new Dictionary<string, string>();

    public int WeightPassing { get; init; } = 1;

    public int WeightWarning { get; init; } = 1;

    public bool EnableTagOverride { get; init; }

    public ulong CreateIndex { get; set; }

    public ulong ModifyIndex { get; set; }
}
