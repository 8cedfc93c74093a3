using System.Globalization;
using System.Text;
using Junction.Serialization;

namespace Junction.Runtime.Tests.Serialization;

/// <summary>
/// A message serialized the way generated code will do it (size first, then write; switch on whole tags to read),
/// covering every kind, nesting, a packed field, a map and unknown fields including a group.
/// </summary>
internal sealed class SampleMessage
{
    public string? Name { get; init; }
    public int Id { get; init; }
    public SampleMessage? Child { get; init; }
    public long[] Deltas { get; init; } = [];
    public DateTime Created { get; init; }
    public TimeSpan Elapsed { get; init; }
    public decimal Price { get; init; }
    public Guid Key { get; init; }
    public byte[]? Blob { get; init; }
    public double Ratio { get; init; }
    public uint Flags { get; init; }
    public KeyValuePair<string, int>[] Counts { get; init; } = [];
    public DateTimeOffset Seen { get; init; }
    public bool? Active { get; init; }
    public float Score { get; init; }
    public string[] Tags { get; init; } = [];

    public static SampleMessage Create() => new()
    {
        Name = "héllo 世界 🎉",
        Id = -42,
        Child = new SampleMessage
        {
            Name = "child",
            Id = 7,
            Child = new SampleMessage { Flags = 3, Active = false },
            Deltas = [1, -1, long.MaxValue],
        },
        Deltas = [0, -300, 300, long.MinValue],
        Created = new DateTime(1969, 7, 20, 20, 17, 40, 123, DateTimeKind.Utc),
        Elapsed = TimeSpan.FromTicks(-15_000_001),
        Price = 12.50m,
        Key = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"),
        Blob = [0, 1, 2, 0xFF],
        Ratio = -0.0,
        Flags = 0xDEADBEEF,
        Counts = [new("a", 1), new("b", 0)],
        Seen = new DateTimeOffset(2024, 2, 29, 12, 0, 0, TimeSpan.FromHours(5.5)),
        Active = true,
        Score = float.NaN,
        Tags = ["x", string.Empty, "z"],
    };

    public int BodySize()
    {
        int size = ProtoSize.String(1, Name) + ProtoSize.Int32(2, Id);
        if (Child is not null)
        {
            size += ProtoSize.Message(3, Child.BodySize());
        }

        if (Deltas.Length != 0)
        {
            size += ProtoSize.Message(4, PackedDeltasSize());
        }

        size += ProtoSize.DateTime(5, Created) + ProtoSize.TimeSpan(6, Elapsed) + ProtoSize.Decimal(7, Price)
            + ProtoSize.Guid(8, Key) + ProtoSize.Bytes(9, Blob) + ProtoSize.Double(10, Ratio) + ProtoSize.Fixed32(11, Flags);
        foreach (KeyValuePair<string, int> entry in Counts)
        {
            size += ProtoSize.Message(12, EntrySize(entry));
        }

        size += ProtoSize.DateTimeOffset(13, Seen) + ProtoSize.Bool(14, Active) + ProtoSize.Float(15, Score);
        foreach (string tag in Tags)
        {
            size += ProtoSize.StringElement(16, tag);
        }

        return size + UnknownFields.Length;
    }

    public void WriteTo(ref ProtoWriter writer)
    {
        writer.WriteString(1, Name);
        writer.WriteInt32(2, Id);
        if (Child is not null)
        {
            writer.WriteTag(3, WireType.LengthDelimited);
            writer.WriteLength(Child.BodySize());
            Child.WriteTo(ref writer);
        }

        if (Deltas.Length != 0)
        {
            writer.WriteTag(4, WireType.LengthDelimited);
            writer.WriteLength(PackedDeltasSize());
            foreach (long delta in Deltas)
            {
                writer.WriteSInt64Value(delta);
            }
        }

        writer.WriteDateTime(5, Created);
        writer.WriteTimeSpan(6, Elapsed);
        writer.WriteDecimal(7, Price);
        writer.WriteGuid(8, Key);
        writer.WriteBytes(9, Blob);
        writer.WriteDouble(10, Ratio);
        writer.WriteFixed32(11, Flags);
        foreach (KeyValuePair<string, int> entry in Counts)
        {
            writer.WriteTag(12, WireType.LengthDelimited);
            writer.WriteLength(EntrySize(entry));

            // Map entries always carry both key and value, as Google.Protobuf writes them.
            writer.WriteStringElement(1, entry.Key);
            writer.WriteInt32Element(2, entry.Value);
        }

        writer.WriteDateTimeOffset(13, Seen);
        writer.WriteBool(14, Active);
        writer.WriteFloat(15, Score);
        foreach (string tag in Tags)
        {
            writer.WriteStringElement(16, tag);
        }

        writer.WriteRawBytes(UnknownFields);
    }

    public byte[] ToBytes()
    {
        int size = BodySize();
        byte[] buffer = new byte[size];
        var writer = new ProtoWriter(buffer);
        WriteTo(ref writer);
        Assert.Equal(size, writer.Position);
        return buffer;
    }

    /// <summary>Decodes into a flat description of every value read, so two decodes can be compared as text.</summary>
    public static string Describe(ReadOnlySpan<byte> payload)
    {
        var text = new StringBuilder();
        var reader = new ProtoReader(payload);
        Describe(ref reader, text);
        return text.ToString();
    }

    private static void Describe(ref ProtoReader reader, StringBuilder text)
    {
        while (reader.TryReadTag(out uint tag))
        {
            switch (tag)
            {
                case (1 << 3) | 2:
                    text.Append("name=").Append(reader.ReadString()).Append(';');
                    break;
                case (2 << 3) | 0:
                    text.Append("id=").Append(reader.ReadInt32()).Append(';');
                    break;
                case (3 << 3) | 2:
                    ProtoReader child = reader.ReadNested();
                    text.Append("child={");
                    Describe(ref child, text);
                    text.Append("};");
                    break;
                case (4 << 3) | 2:
                    ProtoReader packed = reader.ReadNested();
                    text.Append("deltas=");
                    while (!packed.IsAtEnd)
                    {
                        text.Append(packed.ReadSInt64()).Append(',');
                    }

                    text.Append(';');
                    break;
                case (5 << 3) | 2:
                    text.Append("created=").Append(reader.ReadDateTime().ToString("O", CultureInfo.InvariantCulture)).Append(';');
                    break;
                case (6 << 3) | 2:
                    text.Append("elapsed=").Append(reader.ReadTimeSpan().Ticks).Append(';');
                    break;
                case (7 << 3) | 2:
                    text.Append("price=").Append(reader.ReadDecimal().ToString(CultureInfo.InvariantCulture)).Append(';');
                    break;
                case (8 << 3) | 2:
                    text.Append("key=").Append(reader.ReadGuid()).Append(';');
                    break;
                case (9 << 3) | 2:
                    text.Append("blob=").Append(Convert.ToHexString(reader.ReadBytes())).Append(';');
                    break;
                case (10 << 3) | 1:
                    text.Append("ratio=").Append(BitConverter.DoubleToInt64Bits(reader.ReadDouble())).Append(';');
                    break;
                case (11 << 3) | 5:
                    text.Append("flags=").Append(reader.ReadFixed32()).Append(';');
                    break;
                case (12 << 3) | 2:
                    ProtoReader entry = reader.ReadNested();
                    string key = string.Empty;
                    int value = 0;
                    while (entry.TryReadTag(out uint entryTag))
                    {
                        switch (entryTag)
                        {
                            case (1 << 3) | 2:
                                key = entry.ReadString();
                                break;
                            case (2 << 3) | 0:
                                value = entry.ReadInt32();
                                break;
                            default:
                                entry.SkipField(entryTag);
                                break;
                        }
                    }

                    text.Append("count[").Append(key).Append("]=").Append(value).Append(';');
                    break;
                case (13 << 3) | 2:
                    DateTimeOffset seen = reader.ReadDateTimeOffset();
                    text.Append("seen=").Append(seen.ToString("O", CultureInfo.InvariantCulture)).Append(';');
                    break;
                case (14 << 3) | 0:
                    text.Append("active=").Append(reader.ReadBool()).Append(';');
                    break;
                case (15 << 3) | 5:
                    text.Append("score=").Append(BitConverter.SingleToInt32Bits(reader.ReadFloat())).Append(';');
                    break;
                case (16 << 3) | 2:
                    text.Append("tag=").Append(reader.ReadString()).Append(';');
                    break;
                default:
                    reader.SkipField(tag);
                    text.Append("skipped ").Append(tag >> 3).Append(';');
                    break;
            }
        }
    }

    private int PackedDeltasSize()
    {
        int size = 0;
        foreach (long delta in Deltas)
        {
            size += ProtoSize.SInt64Value(delta);
        }

        return size;
    }

    private static int EntrySize(KeyValuePair<string, int> entry) =>
        ProtoSize.StringElement(1, entry.Key) + ProtoSize.Int32Element(2, entry.Value);

    /// <summary>
    /// Fields from a newer schema: group 20 holding a varint and a nested group, fixed64 field 21, varint field 22,
    /// length-delimited field 23 and fixed32 field 24.
    /// </summary>
    private static ReadOnlySpan<byte> UnknownFields =>
    [
        0xA3, 0x01, 0x08, 0x01, 0xAB, 0x01, 0xAC, 0x01, 0xA4, 0x01,
        0xA9, 0x01, 1, 2, 3, 4, 5, 6, 7, 8,
        0xB0, 0x01, 0x2A,
        0xBA, 0x01, 0x03, (byte)'a', (byte)'b', (byte)'c',
        0xC5, 0x01, 1, 2, 3, 4,
    ];
}
