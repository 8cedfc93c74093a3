using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Junction.Serialization;

namespace Junction.Runtime.Tests.Serialization;

/// <summary>Reader behaviour beyond single values: unknown fields, protobuf's truncation rules and lenient text parsing.</summary>
public class ProtoReaderTests
{
    [Fact]
    public void Unknown_fields_of_every_wire_type_are_skipped()
    {
        byte[] payload = WireBytes.Google(o =>
        {
            o.WriteTag(20, WireFormat.WireType.Varint);
            o.WriteInt64(-5);
            o.WriteTag(21, WireFormat.WireType.Fixed64);
            o.WriteFixed64(7);
            o.WriteTag(22, WireFormat.WireType.LengthDelimited);
            o.WriteString("ignored");
            o.WriteTag(23, WireFormat.WireType.StartGroup);
            o.WriteTag(1, WireFormat.WireType.Varint);
            o.WriteInt32(1);
            o.WriteTag(24, WireFormat.WireType.StartGroup); // a nested group
            o.WriteTag(24, WireFormat.WireType.EndGroup);
            o.WriteTag(23, WireFormat.WireType.EndGroup);
            o.WriteTag(25, WireFormat.WireType.Fixed32);
            o.WriteFixed32(9);
            o.WriteTag(2, WireFormat.WireType.LengthDelimited);
            o.WriteString("kept");
        });

        var reader = new ProtoReader(payload);
        string? kept = null;
        int skipped = 0;
        while (reader.TryReadTag(out uint tag))
        {
            switch (tag)
            {
                case (2 << 3) | 2:
                    kept = reader.ReadString();
                    break;
                default:
                    reader.SkipField(tag);
                    skipped++;
                    break;
            }
        }

        Assert.Equal("kept", kept);
        Assert.Equal(5, skipped);
    }

    [Fact]
    public void A_known_field_with_an_unexpected_wire_type_falls_to_default_and_is_skipped()
    {
        // Field 1 is an int32 in our schema but the peer sent it as fixed32; switching on the whole tag skips it.
        byte[] payload = WireBytes.Hex("0D 01 00 00 00 08 2A");
        var reader = new ProtoReader(payload);
        int value = 0;
        while (reader.TryReadTag(out uint tag))
        {
            if (tag == ((1 << 3) | 0))
            {
                value = reader.ReadInt32();
            }
            else
            {
                reader.SkipField(tag);
            }
        }

        Assert.Equal(42, value);
    }

    [Fact]
    public void Int32_truncates_a_64_bit_varint_like_protobuf()
    {
        byte[] payload = WireBytes.Google(o => o.WriteInt64(0x1_0000_0005L));
        Assert.Equal(5, new ProtoReader(payload).ReadInt32());
        Assert.Equal(5u, new ProtoReader(payload).ReadUInt32());
        Assert.Equal(0x1_0000_0005L, new ProtoReader(payload).ReadInt64());
    }

    [Fact]
    public void Bool_is_any_non_zero_varint()
    {
        Assert.True(new ProtoReader(WireBytes.Hex("02")).ReadBool());
        Assert.True(new ProtoReader(WireBytes.Hex("80 80 80 80 80 80 80 80 80 01")).ReadBool());
        Assert.False(new ProtoReader(WireBytes.Hex("00")).ReadBool());
    }

    [Fact]
    public void Non_canonical_padded_varints_are_accepted()
    {
        // Some encoders pad varints; protobuf accepts up to 10 bytes.
        Assert.Equal(1, new ProtoReader(WireBytes.Hex("81 80 80 80 00")).ReadInt32());
        var reader = new ProtoReader(WireBytes.Hex("88 80 00 01"));
        Assert.True(reader.TryReadTag(out uint tag));
        Assert.Equal(8u, tag);
        Assert.Equal(1, reader.ReadInt32());
    }

    [Fact]
    public void ReadBytesMemory_copies_the_input()
    {
        byte[] payload = WireBytes.Hex("03 01 02 03");
        var reader = new ProtoReader(payload);
        ReadOnlyMemory<byte> bytes = reader.ReadBytesMemory();
        payload[1] = 0xFF;
        Assert.Equal(new byte[] { 1, 2, 3 }, bytes.ToArray());
    }

    [Fact]
    public void Empty_bytes_read_as_an_empty_array()
    {
        Assert.Empty(new ProtoReader(WireBytes.Hex("00")).ReadBytes());
        Assert.True(new ProtoReader(WireBytes.Hex("00")).ReadBytesMemory().IsEmpty);
    }

    [Theory]
    [InlineData("", "0")]
    [InlineData("12.50", "12.50")]
    [InlineData("-1.5e3", "-1500")]
    [InlineData("1E-2", "0.01")]
    [InlineData("+7", "7")]
    public void Decimal_text_is_parsed_with_the_invariant_culture(string text, string expected)
    {
        byte[] payload = WireBytes.Google(o => o.WriteString(text));
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), new ProtoReader(payload).ReadDecimal());
    }

    [Theory]
    [InlineData("")]
    [InlineData("0f8fad5b-d9cb-469f-a165-70867728950e")]
    [InlineData("0F8FAD5B-D9CB-469F-A165-70867728950E")]
    [InlineData("0f8fad5bd9cb469fa16570867728950e")]
    [InlineData("{0f8fad5b-d9cb-469f-a165-70867728950e}")]
    [InlineData("(0f8fad5b-d9cb-469f-a165-70867728950e)")]
    [InlineData("{0x0f8fad5b,0xd9cb,0x469f,{0xa1,0x65,0x70,0x86,0x77,0x28,0x95,0x0e}}")]
    public void Guid_accepts_every_standard_format_and_empty(string text)
    {
        byte[] payload = WireBytes.Google(o => o.WriteString(text));
        Guid expected = text.Length == 0 ? Guid.Empty : Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e");
        Assert.Equal(expected, new ProtoReader(payload).ReadGuid());
    }

    [Fact]
    public void Timestamp_skips_unknown_fields_and_keeps_the_last_value_of_a_repeated_field()
    {
        byte[] body = WireBytes.Google(o =>
        {
            o.WriteTag(1, WireFormat.WireType.Varint);
            o.WriteInt64(99);
            o.WriteTag(3, WireFormat.WireType.LengthDelimited);
            o.WriteString("from a newer schema");
            o.WriteTag(1, WireFormat.WireType.Varint);
            o.WriteInt64(1_700_000_000);
            o.WriteTag(2, WireFormat.WireType.Varint);
            o.WriteInt32(500);
        });
        byte[] payload = WireBytes.Google(o => o.WriteBytes(ByteString.CopyFrom(body)));

        DateTime read = new ProtoReader(payload).ReadDateTime();

        Assert.Equal(DateTimeKind.Utc, read.Kind);
        Assert.Equal(new Timestamp { Seconds = 1_700_000_000, Nanos = 500 }.ToDateTime(), read);
    }

    [Fact]
    public void Duration_nanos_are_truncated_toward_zero_to_ticks()
    {
        byte[] payload = WireBytes.Google(o => o.WriteMessage(new Duration { Seconds = -2, Nanos = -999 }));
        Assert.Equal(new Duration { Seconds = -2, Nanos = -999 }.ToTimeSpan(), new ProtoReader(payload).ReadTimeSpan());
        Assert.Equal(-20_000_009L, new ProtoReader(payload).ReadTimeSpan().Ticks);
    }

    [Fact]
    public void ReadNested_bounds_the_inner_reader_and_advances_the_outer_one()
    {
        byte[] payload = WireBytes.Hex("0A 02 08 01 10 02");
        var outer = new ProtoReader(payload);
        Assert.True(outer.TryReadTag(out _));
        ProtoReader inner = outer.ReadNested();
        Assert.Equal(4, outer.Position);

        Assert.True(inner.TryReadTag(out uint innerTag));
        Assert.Equal(8u, innerTag);
        Assert.Equal(1, inner.ReadInt32());
        Assert.True(inner.IsAtEnd);
        Assert.False(inner.TryReadTag(out _));

        Assert.True(outer.TryReadTag(out uint outerTag));
        Assert.Equal(16u, outerTag);
        Assert.Equal(2, outer.ReadInt32());
    }

    [Fact]
    public void Errors_in_nested_readers_report_offsets_from_the_start_of_the_whole_message()
    {
        // Outer field 1 (bytes 0-1) wraps two bytes: a tag at byte 2 and a varint cut off at byte 3.
        var exception = Assert.Throws<RpcException>(() =>
        {
            var reader = new ProtoReader(WireBytes.Hex("0A 02 08 80"));
            reader.TryReadTag(out _);
            ProtoReader inner = reader.ReadNested();
            inner.TryReadTag(out _);
            inner.ReadInt32();
        });

        Assert.Equal(RpcStatusCode.Internal, exception.StatusCode);
        Assert.Equal("Malformed protobuf payload: the varint at byte 3 is cut off by the end of the message at byte 4.", exception.Message);
    }
}
