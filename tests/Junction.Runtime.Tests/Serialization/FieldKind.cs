using Google.Protobuf;
using Junction.Serialization;

namespace Junction.Runtime.Tests.Serialization;

internal delegate void FieldWriter<T>(ref ProtoWriter writer, int fieldNumber, T value);

internal delegate void ValueWriter<T>(ref ProtoWriter writer, T value);

internal delegate T ValueReader<T>(ref ProtoReader reader);

internal delegate void WriteBody(ref ProtoWriter writer);

/// <summary>
/// Everything the wire tests need to know about one field kind: the Junction writer, size and reader methods for each
/// shape, and how Google.Protobuf writes the same value. One descriptor per kind keeps every kind checked the same way.
/// </summary>
internal sealed class FieldKind<T>
{
    public required WireType WireType { get; init; }

    /// <summary>Whether proto3 implicit presence skips the value.</summary>
    public required Func<T, bool> IsDefault { get; init; }

    public required FieldWriter<T> Write { get; init; }

    public required Func<int, T, int> Size { get; init; }

    /// <summary>The explicit-presence shape (<c>T?</c> overload or WriteOptional*), called with a present value.</summary>
    public required FieldWriter<T> WriteOptional { get; init; }

    public required Func<int, T, int> SizeOptional { get; init; }

    public required FieldWriter<T> WriteElement { get; init; }

    public required Func<int, T, int> SizeElement { get; init; }

    /// <summary>The packed shape; null for kinds that cannot be packed.</summary>
    public ValueWriter<T>? WriteValue { get; init; }

    public Func<T, int>? SizeValue { get; init; }

    /// <summary>Writes the value without a tag the way Google.Protobuf does.</summary>
    public required Action<CodedOutputStream, T> Google { get; init; }

    public required ValueReader<T> Read { get; init; }

    /// <summary>What reading back gives for a written value (e.g. a Local DateTime comes back as UTC).</summary>
    public Func<T, T> Decoded { get; init; } = static value => value;

    public Func<T, T, bool> Same { get; init; } = static (expected, actual) => EqualityComparer<T>.Default.Equals(expected, actual);

    /// <summary>
    /// Checks every shape against Google.Protobuf's bytes, every size against the bytes written, and reads Google's
    /// bytes back.
    /// </summary>
    public void AssertWireCompatible(T value)
    {
        foreach (int field in new[] { 1, 15, 16, 2047, 536_870_911 })
        {
            AssertWireCompatible(value, field);
        }
    }

    private void AssertWireCompatible(T value, int field)
    {
        byte[] google = WireBytes.Google(output =>
        {
            output.WriteTag(field, (WireFormat.WireType)WireType);
            Google(output, value);
        });

        WireBytes.AssertWrites(google, SizeElement(field, value), (ref ProtoWriter w) => WriteElement(ref w, field, value));
        WireBytes.AssertWrites(google, SizeOptional(field, value), (ref ProtoWriter w) => WriteOptional(ref w, field, value));
        WireBytes.AssertWrites(IsDefault(value) ? [] : google, Size(field, value), (ref ProtoWriter w) => Write(ref w, field, value));

        if (WriteValue is not null)
        {
            byte[] googleValue = WireBytes.Google(output => Google(output, value));
            WireBytes.AssertWrites(googleValue, SizeValue!(value), (ref ProtoWriter w) => WriteValue(ref w, value));
        }

        var reader = new ProtoReader(google);
        Assert.True(reader.TryReadTag(out uint tag));
        Assert.Equal(((uint)field << 3) | (uint)WireType, tag);
        T read = Read(ref reader);
        Assert.True(reader.IsAtEnd, "the reader did not consume the whole field");
        Assert.Equal(google.Length, reader.Position);
        T expected = Decoded(value);
        Assert.True(Same(expected, read), $"read {read}, expected {expected}");
        Assert.False(reader.TryReadTag(out _));
    }
}
