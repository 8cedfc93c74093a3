using Google.Protobuf;
using Junction.Serialization;

namespace Junction.Runtime.Tests.Serialization;

/// <summary>Produces and compares payloads: Google.Protobuf's bytes on one side, ProtoWriter's on the other.</summary>
internal static class WireBytes
{
    public static byte[] Google(Action<CodedOutputStream> write)
    {
        using var stream = new MemoryStream();
        var output = new CodedOutputStream(stream);
        write(output);
        output.Flush();
        return stream.ToArray();
    }

    /// <summary>Writes into a buffer of exactly <paramref name="size"/> bytes and compares with <paramref name="expected"/>.</summary>
    public static void AssertWrites(byte[] expected, int size, WriteBody body)
    {
        Assert.Equal(expected.Length, size);
        byte[] buffer = new byte[size];
        var writer = new ProtoWriter(buffer);
        body(ref writer);
        Assert.Equal(size, writer.Position);
        Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(buffer));
    }

    public static byte[] Write(int size, WriteBody body)
    {
        byte[] buffer = new byte[size];
        var writer = new ProtoWriter(buffer);
        body(ref writer);
        Assert.Equal(size, writer.Position);
        return buffer;
    }

    public static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal));
}
