using Google.Protobuf;
using Junction.Serialization;

namespace Junction.Runtime.Tests.Serialization;

/// <summary>Sizes of the low-level pieces at every varint boundary; the per-kind sizes are checked in WireCompatibilityTests.</summary>
public class ProtoSizeTests
{
    [Fact]
    public void Varint_sizes_match_the_writer_and_Google_at_every_bit_length()
    {
        for (int bits = 0; bits <= 64; bits++)
        {
            ulong top = bits == 64 ? ulong.MaxValue : (1ul << bits) - 1;
            foreach (ulong value in new[] { top, top + 1 })
            {
                if (bits == 64 && value == 0)
                {
                    continue;
                }

                byte[] google = WireBytes.Google(o => o.WriteUInt64(value));
                WireBytes.AssertWrites(google, ProtoSize.Varint64(value), (ref ProtoWriter w) => w.WriteVarint64(value));
                Assert.Equal(CodedOutputStream.ComputeUInt64Size(value), ProtoSize.Varint64(value));

                if (value <= uint.MaxValue)
                {
                    WireBytes.AssertWrites(google, ProtoSize.Varint32((uint)value), (ref ProtoWriter w) => w.WriteVarint32((uint)value));
                }

                Assert.Equal(value, new ProtoReader(google).ReadVarint64());
            }
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(15)]
    [InlineData(16)]
    [InlineData(2047)]
    [InlineData(2048)]
    [InlineData(262_143)]
    [InlineData(262_144)]
    [InlineData(33_554_431)]
    [InlineData(33_554_432)]
    [InlineData(536_870_911)] // the largest field number
    public void Tag_sizes_match_Google(int fieldNumber)
    {
        byte[] google = WireBytes.Google(o => o.WriteTag(fieldNumber, WireFormat.WireType.StartGroup));
        Assert.Equal(CodedOutputStream.ComputeTagSize(fieldNumber), ProtoSize.Tag(fieldNumber));
        WireBytes.AssertWrites(google, ProtoSize.Tag(fieldNumber), (ref ProtoWriter w) => w.WriteTag(fieldNumber, WireType.StartGroup));
        WireBytes.AssertWrites(google, ProtoSize.Tag(fieldNumber), (ref ProtoWriter w) => w.WriteRawTag(WireFormat.MakeTag(fieldNumber, WireFormat.WireType.StartGroup)));

        var reader = new ProtoReader(google);
        Assert.True(reader.TryReadTag(out uint tag));
        Assert.Equal(WireFormat.MakeTag(fieldNumber, WireFormat.WireType.StartGroup), tag);
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(127, 128)]
    [InlineData(128, 130)]
    [InlineData(16_383, 16_385)]
    [InlineData(16_384, 16_387)]
    public void Length_prefixed_counts_the_prefix_and_the_body(int length, int expected)
    {
        Assert.Equal(expected, ProtoSize.LengthPrefixed(length));
        Assert.Equal(expected + 1, ProtoSize.Message(15, length));
        Assert.Equal(expected + 2, ProtoSize.Message(16, length));
    }

    [Fact]
    public void Raw_bytes_and_length_are_written_as_given()
    {
        byte[] payload = WireBytes.Write(5, (ref ProtoWriter w) =>
        {
            w.WriteLength(300);
            w.WriteRawBytes([1, 2, 3]);
        });

        Assert.Equal("AC02010203", Convert.ToHexString(payload));
    }
}
