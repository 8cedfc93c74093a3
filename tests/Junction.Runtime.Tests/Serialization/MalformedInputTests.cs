using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Junction.Serialization;

namespace Junction.Runtime.Tests.Serialization;

/// <summary>What the test reads the payload as.</summary>
public enum ReadAs
{
    /// <summary>Reads tags and skips every field.</summary>
    Unknown,

    /// <summary>Reads field 1 as a nested message of the same shape, recursively; skips the rest.</summary>
    Nested,
    Int32,
    Int64,
    Fixed32,
    String,
    Decimal,
    Guid,
    DateTime,
    DateTimeOffset,
    TimeSpan,
}

/// <summary>
/// Bad bytes from a peer must surface as <see cref="RpcException"/> with <see cref="RpcStatusCode.Internal"/> and a
/// message that says what and where, never as an IndexOutOfRangeException, a hang or a huge allocation.
/// </summary>
public class MalformedInputTests
{
    public static TheoryData<string, byte[], ReadAs, string> Cases()
    {
        var data = new TheoryData<string, byte[], ReadAs, string>
        {
            { "truncated varint value", WireBytes.Hex("08 80"), ReadAs.Unknown, "the varint at byte 1 is cut off by the end of the message at byte 2." },
            { "truncated int32", WireBytes.Hex("08 FF FF"), ReadAs.Int32, "the varint at byte 1 is cut off by the end of the message at byte 3." },
            { "truncated tag", WireBytes.Hex("80"), ReadAs.Unknown, "the varint at byte 0 is cut off by the end of the message at byte 1." },
            { "11-byte varint", WireBytes.Hex("08 FF FF FF FF FF FF FF FF FF FF 01"), ReadAs.Unknown, "the varint at byte 1 is longer than 10 bytes." },
            { "11-byte int64", WireBytes.Hex("08 80 80 80 80 80 80 80 80 80 80 00"), ReadAs.Int64, "the varint at byte 1 is longer than 10 bytes." },
            { "11-byte tag", WireBytes.Hex("88 80 80 80 80 80 80 80 80 80 00"), ReadAs.Unknown, "the varint at byte 0 is longer than 10 bytes." },
            { "tag wider than 32 bits", WireBytes.Hex("80 80 80 80 80 01"), ReadAs.Unknown, "invalid tag 34359738368" },
            { "field number 0", WireBytes.Hex("00 00"), ReadAs.Unknown, "invalid tag 0 (field 0, wire type 0) at byte 0" },
            { "field number 0, length-delimited", WireBytes.Hex("08 01 02 00"), ReadAs.Unknown, "invalid tag 2 (field 0, wire type 2) at byte 2" },
            { "wire type 7", WireBytes.Hex("0F"), ReadAs.Unknown, "invalid tag 15 (field 1, wire type 7) at byte 0" },
            { "wire type 6", WireBytes.Hex("08 01 0E 00"), ReadAs.Unknown, "invalid tag 14 (field 1, wire type 6) at byte 2" },
            { "length prefix past the end", WireBytes.Hex("0A 05 61 62"), ReadAs.Unknown, "length prefix 5 at byte 1 runs past the end of the message at byte 4." },
            { "string length past the end", WireBytes.Hex("0A 05 61 62"), ReadAs.String, "length prefix 5 at byte 1 runs past the end of the message at byte 4." },
            { "length prefix int.MaxValue", WireBytes.Hex("0A FF FF FF FF 07 00"), ReadAs.Unknown, "length prefix 2147483647 at byte 1 runs past" },
            { "length prefix wider than 32 bits", WireBytes.Hex("0A 80 80 80 80 10"), ReadAs.String, "length prefix 4294967296 at byte 1 runs past" },
            { "negative length, 5 bytes", WireBytes.Hex("0A FF FF FF FF 0F"), ReadAs.Unknown, "negative length prefix -1 at byte 1." },
            { "negative length, sign-extended", WireBytes.Hex("0A FF FF FF FF FF FF FF FF FF 01 00"), ReadAs.String, "negative length prefix -1 at byte 1." },
            { "negative length int.MinValue", WireBytes.Hex("12 80 80 80 80 08"), ReadAs.Unknown, "negative length prefix -2147483648 at byte 1." },
            { "nested length past its parent", WireBytes.Hex("0A 03 0A 05 00 00 00 00 00"), ReadAs.Nested, "length prefix 5 at byte 3 runs past the end of the message at byte 5." },
            { "truncated fixed32", WireBytes.Hex("0D 01 02"), ReadAs.Unknown, "the 4-byte fixed-width value at byte 1 is cut off by the end of the message at byte 3." },
            { "truncated fixed32 value", WireBytes.Hex("0D 01"), ReadAs.Fixed32, "the 4-byte fixed-width value at byte 1 is cut off" },
            { "truncated fixed64", WireBytes.Hex("09 01 02 03"), ReadAs.Unknown, "the 8-byte fixed-width value at byte 1 is cut off by the end of the message at byte 4." },
            { "unterminated group", WireBytes.Hex("0B 08 01"), ReadAs.Unknown, "the group for field 1 before byte 1 has no end-group tag before the end of the message at byte 3." },
            { "unmatched end group", WireBytes.Hex("08 01 0C"), ReadAs.Unknown, "end-group tag for field 1 before byte 3 has no matching start-group tag." },
            { "end group for another field", WireBytes.Hex("0B 08 01 14"), ReadAs.Unknown, "the group for field 1 before byte 1 is closed by an end-group tag for field 2." },
            { "invalid UTF-8", WireBytes.Hex("0A 02 C3 28"), ReadAs.String, "the string at byte 1 is not valid UTF-8." },
            { "overlong UTF-8", WireBytes.Hex("0A 02 C0 80"), ReadAs.String, "not valid UTF-8" },
            { "UTF-8 encoded surrogate", WireBytes.Hex("0A 03 ED A0 80"), ReadAs.String, "not valid UTF-8" },
            { "truncated UTF-8 sequence", WireBytes.Hex("0A 02 E4 B8"), ReadAs.String, "not valid UTF-8" },
            { "\"abc\" as a decimal", WireBytes.Hex("0A 03 61 62 63"), ReadAs.Decimal, "the decimal at byte 1 is not a number that fits in System.Decimal" },
            { "decimal overflow", Embedded(o => o.WriteString("1e29")), ReadAs.Decimal, "is not a number that fits in System.Decimal" },
            { "\"zz\" as a Guid", WireBytes.Hex("0A 02 7A 7A"), ReadAs.Guid, "the Guid at byte 1 is not a GUID" },
            { "timestamp nanos -1", Embedded(new Timestamp { Nanos = -1 }), ReadAs.DateTime, "the Timestamp at byte 1 has nanos -1, outside 0..999999999." },
            { "timestamp nanos 1e9", Embedded(new Timestamp { Nanos = 1_000_000_000 }), ReadAs.DateTimeOffset, "has nanos 1000000000" },
            { "timestamp after year 9999", Embedded(new Timestamp { Seconds = 253_402_300_800 }), ReadAs.DateTime, "has seconds 253402300800, outside years 0001..9999" },
            { "timestamp before year 1", Embedded(new Timestamp { Seconds = -62_135_596_801 }), ReadAs.DateTimeOffset, "has seconds -62135596801" },
            { "timestamp seconds long.MaxValue", Embedded(new Timestamp { Seconds = long.MaxValue }), ReadAs.DateTime, "has seconds 9223372036854775807" },
            { "truncated timestamp body", WireBytes.Hex("0A 03 08 80 80"), ReadAs.DateTime, "the varint at byte 3 is cut off by the end of the message at byte 5." },
            { "duration nanos 1e9", Embedded(new Duration { Nanos = 1_000_000_000 }), ReadAs.TimeSpan, "has nanos 1000000000, outside -999999999..999999999." },
            { "duration nanos -1e9", Embedded(new Duration { Nanos = -1_000_000_000 }), ReadAs.TimeSpan, "has nanos -1000000000" },
            { "duration positive seconds, negative nanos", Embedded(new Duration { Seconds = 1, Nanos = -1 }), ReadAs.TimeSpan, "has seconds 1 and nanos -1 of opposite signs." },
            { "duration negative seconds, positive nanos", Embedded(new Duration { Seconds = -1, Nanos = 1 }), ReadAs.TimeSpan, "of opposite signs" },
            { "duration past TimeSpan.MaxValue", Embedded(new Duration { Seconds = 922_337_203_686 }), ReadAs.TimeSpan, "is outside the range of System.TimeSpan." },
            { "duration past TimeSpan.MaxValue by its nanos", Embedded(new Duration { Seconds = 922_337_203_685, Nanos = 477_580_800 }), ReadAs.TimeSpan, "is outside the range of System.TimeSpan." },
            { "duration before TimeSpan.MinValue by its nanos", Embedded(new Duration { Seconds = -922_337_203_685, Nanos = -477_580_900 }), ReadAs.TimeSpan, "is outside the range of System.TimeSpan." },
            { "duration seconds long.MinValue", Embedded(new Duration { Seconds = long.MinValue }), ReadAs.TimeSpan, "is outside the range of System.TimeSpan." },
            { "101 nested messages", NestedMessages(101), ReadAs.Nested, "is nested more than 100 levels deep." },
            { "101 nested groups", NestedGroups(101), ReadAs.Unknown, "is nested more than 100 levels deep." },
            { "100,000 nested groups", NestedGroups(100_000), ReadAs.Unknown, "is nested more than 100 levels deep." },
        };
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Malformed_input_throws_internal_with_what_and_where(string name, byte[] payload, ReadAs readAs, string expectedMessage)
    {
        var exception = Assert.Throws<RpcException>(() => Read(payload, readAs));

        Assert.Equal(RpcStatusCode.Internal, exception.StatusCode);
        Assert.StartsWith("Malformed protobuf payload: ", exception.Message, StringComparison.Ordinal);
        Assert.True(exception.Message.Contains(expectedMessage, StringComparison.Ordinal), $"{name}: got \"{exception.Message}\"");
    }

    [Fact]
    public void One_hundred_nested_messages_are_allowed()
    {
        Read(NestedMessages(100), ReadAs.Nested);
    }

    [Fact]
    public void One_hundred_nested_groups_are_allowed()
    {
        Read(NestedGroups(100), ReadAs.Unknown);
    }

    [Fact]
    public void Range_limits_themselves_are_accepted()
    {
        Assert.Equal(DateTime.MaxValue.AddTicks(-9_999_999), AsValue(new Timestamp { Seconds = 253_402_300_799 }).ReadDateTime());
        Assert.Equal(DateTime.MaxValue, AsValue(new Timestamp { Seconds = 253_402_300_799, Nanos = 999_999_999 }).ReadDateTime());
        Assert.Equal(DateTime.MinValue, AsValue(new Timestamp { Seconds = -62_135_596_800 }).ReadDateTime());
        Assert.Equal(TimeSpan.MaxValue, AsValue(new Duration { Seconds = 922_337_203_685, Nanos = 477_580_799 }).ReadTimeSpan());
        Assert.Equal(TimeSpan.MinValue, AsValue(new Duration { Seconds = -922_337_203_685, Nanos = -477_580_899 }).ReadTimeSpan());
    }

    /// <summary>A reader positioned on the length prefix of an embedded message, as after reading its tag.</summary>
    private static ProtoReader AsValue(IMessage message) => new(WireBytes.Google(o => o.WriteMessage(message)));

    internal static void Read(byte[] payload, ReadAs readAs)
    {
        var reader = new ProtoReader(payload);
        switch (readAs)
        {
            case ReadAs.Unknown:
                SkipAll(ref reader);
                break;
            case ReadAs.Nested:
                ReadNested(ref reader);
                break;
            default:
                while (reader.TryReadTag(out _))
                {
                    ReadValue(ref reader, readAs);
                }

                break;
        }
    }

    private static void SkipAll(ref ProtoReader reader)
    {
        while (reader.TryReadTag(out uint tag))
        {
            reader.SkipField(tag);
        }
    }

    private static void ReadNested(ref ProtoReader reader)
    {
        while (reader.TryReadTag(out uint tag))
        {
            if (tag == ((1 << 3) | (uint)WireType.LengthDelimited))
            {
                ProtoReader inner = reader.ReadNested();
                ReadNested(ref inner);
            }
            else
            {
                reader.SkipField(tag);
            }
        }
    }

    private static void ReadValue(ref ProtoReader reader, ReadAs readAs)
    {
        switch (readAs)
        {
            case ReadAs.Int32:
                reader.ReadInt32();
                break;
            case ReadAs.Int64:
                reader.ReadInt64();
                break;
            case ReadAs.Fixed32:
                reader.ReadFixed32();
                break;
            case ReadAs.String:
                reader.ReadString();
                break;
            case ReadAs.Decimal:
                reader.ReadDecimal();
                break;
            case ReadAs.Guid:
                reader.ReadGuid();
                break;
            case ReadAs.DateTime:
                reader.ReadDateTime();
                break;
            case ReadAs.DateTimeOffset:
                reader.ReadDateTimeOffset();
                break;
            case ReadAs.TimeSpan:
                reader.ReadTimeSpan();
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(readAs), readAs, null);
        }
    }

    /// <summary>Field 1, length-delimited, holding <paramref name="message"/>: how a Timestamp or Duration field travels.</summary>
    private static byte[] Embedded(IMessage message) => Embedded(o => o.WriteMessage(message));

    private static byte[] Embedded(Action<CodedOutputStream> writeValue) => WireBytes.Google(o =>
    {
        o.WriteTag(1, WireFormat.WireType.LengthDelimited);
        writeValue(o);
    });

    /// <summary>Field 1 wrapping field 1 wrapping … <paramref name="depth"/> times, built from the inside out.</summary>
    internal static byte[] NestedMessages(int depth)
    {
        byte[] payload = [];
        for (int i = 0; i < depth; i++)
        {
            byte[] inner = payload;
            payload = WireBytes.Google(o =>
            {
                o.WriteTag(1, WireFormat.WireType.LengthDelimited);
                o.WriteBytes(ByteString.CopyFrom(inner));
            });
        }

        return payload;
    }

    private static byte[] NestedGroups(int depth)
    {
        byte[] payload = new byte[depth * 2];
        payload.AsSpan(0, depth).Fill(0x0B);
        payload.AsSpan(depth).Fill(0x0C);
        return payload;
    }
}
