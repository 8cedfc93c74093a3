namespace Junction.Consul.Tests.Double;

/// <summary>A KV pair (Consul's <c>structs.DirEntry</c>). The double has no sessions, so no key is ever locked.</summary>
internal sealed class KvEntry
{
    public required string Key { get; init; }

    public byte[] Value { get; set; } = [];

    public ulong Flags { get; set; }

    public ulong CreateIndex { get; init; }

    public ulong ModifyIndex { get; set; }
}
