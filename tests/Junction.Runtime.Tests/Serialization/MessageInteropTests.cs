using Google.Protobuf;
using Google.Protobuf.Reflection;
using Junction.Serialization;
using ProtoField = Google.Protobuf.WellKnownTypes.Field;
using ProtoType = Google.Protobuf.WellKnownTypes.Type;

namespace Junction.Runtime.Tests.Serialization;

/// <summary>
/// Whole messages against protoc-generated classes shipped in Google.Protobuf: nested messages, repeated fields,
/// packed fields and proto2 explicit presence, in both directions.
/// </summary>
public class MessageInteropTests
{
    private static readonly ProtoType SampleType = new()
    {
        Name = "junction.Order",
        Fields =
        {
            new ProtoField { Kind = ProtoField.Types.Kind.TypeString, Cardinality = ProtoField.Types.Cardinality.Optional, Number = 1, Name = "id", JsonName = "id" },
            new ProtoField { Kind = ProtoField.Types.Kind.TypeInt64, Cardinality = ProtoField.Types.Cardinality.Repeated, Number = 2, Name = "lines", Packed = true, OneofIndex = 1 },
            new ProtoField(),
        },
        Oneofs = { "choice", string.Empty, "日本語" },
        Syntax = Google.Protobuf.WellKnownTypes.Syntax.Proto3,
    };

    [Fact]
    public void A_message_written_by_ProtoWriter_equals_Google_bytes_and_parses()
    {
        int size = TypeBodySize(SampleType);
        byte[] payload = WireBytes.Write(size, (ref ProtoWriter w) => WriteType(ref w, SampleType));

        Assert.Equal(Convert.ToHexString(SampleType.ToByteArray()), Convert.ToHexString(payload));
        Assert.Equal(SampleType, ProtoType.Parser.ParseFrom(payload));
    }

    [Fact]
    public void A_message_written_by_Google_is_read_by_ProtoReader_skipping_unknown_fields()
    {
        ProtoType withExtras = SampleType.Clone();
        withExtras.SourceContext = new Google.Protobuf.WellKnownTypes.SourceContext { FileName = "order.proto" };
        withExtras.Options.Add(new Google.Protobuf.WellKnownTypes.Option { Name = "deprecated" });

        var reader = new ProtoReader(withExtras.ToByteArray());
        ProtoType read = ReadType(ref reader);

        Assert.Equal(SampleType, read);
    }

    [Fact]
    public void Packed_repeated_fields_match_Google()
    {
        var location = new SourceCodeInfo.Types.Location
        {
            Path = { 4, 0, 2, -1, 300, int.MinValue },
            Span = { 10, 2, 40 },
            LeadingComments = " the order id\n",
        };

        int pathSize = PackedInt32Size(location.Path);
        int spanSize = PackedInt32Size(location.Span);
        int size = ProtoSize.Message(1, pathSize) + ProtoSize.Message(2, spanSize) + ProtoSize.OptionalString(3, location.LeadingComments);
        byte[] payload = WireBytes.Write(size, (ref ProtoWriter w) =>
        {
            WritePackedInt32(ref w, 1, pathSize, location.Path);
            WritePackedInt32(ref w, 2, spanSize, location.Span);
            w.WriteOptionalString(3, location.LeadingComments);
        });

        Assert.Equal(Convert.ToHexString(location.ToByteArray()), Convert.ToHexString(payload));

        var reader = new ProtoReader(payload);
        var path = new List<int>();
        while (reader.TryReadTag(out uint tag))
        {
            if (tag == ((1 << 3) | 2))
            {
                ProtoReader packed = reader.ReadNested();
                while (!packed.IsAtEnd)
                {
                    path.Add(packed.ReadInt32());
                }
            }
            else
            {
                reader.SkipField(tag);
            }
        }

        Assert.Equal(location.Path, path);
    }

    [Fact]
    public void Proto2_optional_fields_set_to_defaults_match_explicit_presence()
    {
        // descriptor.proto is proto2: a set field is written even when it holds the default, like proto3 `optional`.
        var field = new FieldDescriptorProto { Name = string.Empty, Number = 0, Proto3Optional = false };

        int size = ProtoSize.OptionalString(1, field.Name) + ProtoSize.Int32(3, (int?)field.Number) + ProtoSize.Bool(17, (bool?)field.Proto3Optional);
        byte[] payload = WireBytes.Write(size, (ref ProtoWriter w) =>
        {
            w.WriteOptionalString(1, field.Name);
            w.WriteInt32(3, (int?)field.Number);
            w.WriteBool(17, (bool?)field.Proto3Optional);
        });

        Assert.Equal(Convert.ToHexString(field.ToByteArray()), Convert.ToHexString(payload));
        FieldDescriptorProto parsed = FieldDescriptorProto.Parser.ParseFrom(payload);
        Assert.True(parsed.HasName && parsed.HasNumber && parsed.HasProto3Optional);
    }

    private static int FieldBodySize(ProtoField field) =>
        ProtoSize.Int32(1, (int)field.Kind) + ProtoSize.Int32(2, (int)field.Cardinality) + ProtoSize.Int32(3, field.Number)
        + ProtoSize.String(4, field.Name) + ProtoSize.String(6, field.TypeUrl) + ProtoSize.Int32(7, field.OneofIndex)
        + ProtoSize.Bool(8, field.Packed) + ProtoSize.String(10, field.JsonName) + ProtoSize.String(11, field.DefaultValue);

    private static void WriteField(ref ProtoWriter writer, ProtoField field)
    {
        writer.WriteInt32(1, (int)field.Kind);
        writer.WriteInt32(2, (int)field.Cardinality);
        writer.WriteInt32(3, field.Number);
        writer.WriteString(4, field.Name);
        writer.WriteString(6, field.TypeUrl);
        writer.WriteInt32(7, field.OneofIndex);
        writer.WriteBool(8, field.Packed);
        writer.WriteString(10, field.JsonName);
        writer.WriteString(11, field.DefaultValue);
    }

    private static int TypeBodySize(ProtoType type)
    {
        int size = ProtoSize.String(1, type.Name);
        foreach (ProtoField field in type.Fields)
        {
            size += ProtoSize.Message(2, FieldBodySize(field));
        }

        foreach (string oneof in type.Oneofs)
        {
            size += ProtoSize.StringElement(3, oneof);
        }

        return size + ProtoSize.Int32(6, (int)type.Syntax);
    }

    private static void WriteType(ref ProtoWriter writer, ProtoType type)
    {
        writer.WriteString(1, type.Name);
        foreach (ProtoField field in type.Fields)
        {
            writer.WriteTag(2, WireType.LengthDelimited);
            writer.WriteLength(FieldBodySize(field));
            WriteField(ref writer, field);
        }

        foreach (string oneof in type.Oneofs)
        {
            writer.WriteStringElement(3, oneof);
        }

        writer.WriteInt32(6, (int)type.Syntax);
    }

    private static ProtoType ReadType(ref ProtoReader reader)
    {
        var type = new ProtoType();
        while (reader.TryReadTag(out uint tag))
        {
            switch (tag)
            {
                case (1 << 3) | 2:
                    type.Name = reader.ReadString();
                    break;
                case (2 << 3) | 2:
                    ProtoReader nested = reader.ReadNested();
                    type.Fields.Add(ReadField(ref nested));
                    break;
                case (3 << 3) | 2:
                    type.Oneofs.Add(reader.ReadString());
                    break;
                case (6 << 3) | 0:
                    type.Syntax = (Google.Protobuf.WellKnownTypes.Syntax)reader.ReadInt32();
                    break;
                default:
                    reader.SkipField(tag);
                    break;
            }
        }

        return type;
    }

    private static ProtoField ReadField(ref ProtoReader reader)
    {
        var field = new ProtoField();
        while (reader.TryReadTag(out uint tag))
        {
            switch (tag)
            {
                case (1 << 3) | 0:
                    field.Kind = (ProtoField.Types.Kind)reader.ReadInt32();
                    break;
                case (2 << 3) | 0:
                    field.Cardinality = (ProtoField.Types.Cardinality)reader.ReadInt32();
                    break;
                case (3 << 3) | 0:
                    field.Number = reader.ReadInt32();
                    break;
                case (4 << 3) | 2:
                    field.Name = reader.ReadString();
                    break;
                case (6 << 3) | 2:
                    field.TypeUrl = reader.ReadString();
                    break;
                case (7 << 3) | 0:
                    field.OneofIndex = reader.ReadInt32();
                    break;
                case (8 << 3) | 0:
                    field.Packed = reader.ReadBool();
                    break;
                case (10 << 3) | 2:
                    field.JsonName = reader.ReadString();
                    break;
                case (11 << 3) | 2:
                    field.DefaultValue = reader.ReadString();
                    break;
                default:
                    reader.SkipField(tag);
                    break;
            }
        }

        return field;
    }

    private static int PackedInt32Size(IEnumerable<int> values)
    {
        int size = 0;
        foreach (int value in values)
        {
            size += ProtoSize.Int32Value(value);
        }

        return size;
    }

    private static void WritePackedInt32(ref ProtoWriter writer, int fieldNumber, int bodySize, IEnumerable<int> values)
    {
        writer.WriteTag(fieldNumber, WireType.LengthDelimited);
        writer.WriteLength(bodySize);
        foreach (int value in values)
        {
            writer.WriteInt32Value(value);
        }
    }
}
