using System.Globalization;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Junction.Serialization;

namespace Junction.Runtime.Tests.Serialization;

/// <summary>One <see cref="FieldKind{T}"/> per kind ProtoWriter supports, each paired with Google.Protobuf's writer.</summary>
internal static class FieldKinds
{
    public static readonly FieldKind<bool> Bool = new()
    {
        WireType = WireType.Varint,
        IsDefault = v => !v,
        Write = (ref ProtoWriter w, int f, bool v) => w.WriteBool(f, v),
        Size = ProtoSize.Bool,
        WriteOptional = (ref ProtoWriter w, int f, bool v) => w.WriteBool(f, (bool?)v),
        SizeOptional = (f, v) => ProtoSize.Bool(f, (bool?)v),
        WriteElement = (ref ProtoWriter w, int f, bool v) => w.WriteBoolElement(f, v),
        SizeElement = ProtoSize.BoolElement,
        WriteValue = (ref ProtoWriter w, bool v) => w.WriteBoolValue(v),
        SizeValue = ProtoSize.BoolValue,
        Google = (o, v) => o.WriteBool(v),
        Read = (ref ProtoReader r) => r.ReadBool(),
    };

    public static readonly FieldKind<int> Int32 = new()
    {
        WireType = WireType.Varint,
        IsDefault = v => v == 0,
        Write = (ref ProtoWriter w, int f, int v) => w.WriteInt32(f, v),
        Size = ProtoSize.Int32,
        WriteOptional = (ref ProtoWriter w, int f, int v) => w.WriteInt32(f, (int?)v),
        SizeOptional = (f, v) => ProtoSize.Int32(f, (int?)v),
        WriteElement = (ref ProtoWriter w, int f, int v) => w.WriteInt32Element(f, v),
        SizeElement = ProtoSize.Int32Element,
        WriteValue = (ref ProtoWriter w, int v) => w.WriteInt32Value(v),
        SizeValue = ProtoSize.Int32Value,
        Google = (o, v) => o.WriteInt32(v),
        Read = (ref ProtoReader r) => r.ReadInt32(),
    };

    public static readonly FieldKind<long> Int64 = new()
    {
        WireType = WireType.Varint,
        IsDefault = v => v == 0,
        Write = (ref ProtoWriter w, int f, long v) => w.WriteInt64(f, v),
        Size = ProtoSize.Int64,
        WriteOptional = (ref ProtoWriter w, int f, long v) => w.WriteInt64(f, (long?)v),
        SizeOptional = (f, v) => ProtoSize.Int64(f, (long?)v),
        WriteElement = (ref ProtoWriter w, int f, long v) => w.WriteInt64Element(f, v),
        SizeElement = ProtoSize.Int64Element,
        WriteValue = (ref ProtoWriter w, long v) => w.WriteInt64Value(v),
        SizeValue = ProtoSize.Int64Value,
        Google = (o, v) => o.WriteInt64(v),
        Read = (ref ProtoReader r) => r.ReadInt64(),
    };

    public static readonly FieldKind<uint> UInt32 = new()
    {
        WireType = WireType.Varint,
        IsDefault = v => v == 0,
        Write = (ref ProtoWriter w, int f, uint v) => w.WriteUInt32(f, v),
        Size = ProtoSize.UInt32,
        WriteOptional = (ref ProtoWriter w, int f, uint v) => w.WriteUInt32(f, (uint?)v),
        SizeOptional = (f, v) => ProtoSize.UInt32(f, (uint?)v),
        WriteElement = (ref ProtoWriter w, int f, uint v) => w.WriteUInt32Element(f, v),
        SizeElement = ProtoSize.UInt32Element,
        WriteValue = (ref ProtoWriter w, uint v) => w.WriteUInt32Value(v),
        SizeValue = ProtoSize.UInt32Value,
        Google = (o, v) => o.WriteUInt32(v),
        Read = (ref ProtoReader r) => r.ReadUInt32(),
    };

    public static readonly FieldKind<ulong> UInt64 = new()
    {
        WireType = WireType.Varint,
        IsDefault = v => v == 0,
        Write = (ref ProtoWriter w, int f, ulong v) => w.WriteUInt64(f, v),
        Size = ProtoSize.UInt64,
        WriteOptional = (ref ProtoWriter w, int f, ulong v) => w.WriteUInt64(f, (ulong?)v),
        SizeOptional = (f, v) => ProtoSize.UInt64(f, (ulong?)v),
        WriteElement = (ref ProtoWriter w, int f, ulong v) => w.WriteUInt64Element(f, v),
        SizeElement = ProtoSize.UInt64Element,
        WriteValue = (ref ProtoWriter w, ulong v) => w.WriteUInt64Value(v),
        SizeValue = ProtoSize.UInt64Value,
        Google = (o, v) => o.WriteUInt64(v),
        Read = (ref ProtoReader r) => r.ReadUInt64(),
    };

    public static readonly FieldKind<int> SInt32 = new()
    {
        WireType = WireType.Varint,
        IsDefault = v => v == 0,
        Write = (ref ProtoWriter w, int f, int v) => w.WriteSInt32(f, v),
        Size = ProtoSize.SInt32,
        WriteOptional = (ref ProtoWriter w, int f, int v) => w.WriteSInt32(f, (int?)v),
        SizeOptional = (f, v) => ProtoSize.SInt32(f, (int?)v),
        WriteElement = (ref ProtoWriter w, int f, int v) => w.WriteSInt32Element(f, v),
        SizeElement = ProtoSize.SInt32Element,
        WriteValue = (ref ProtoWriter w, int v) => w.WriteSInt32Value(v),
        SizeValue = ProtoSize.SInt32Value,
        Google = (o, v) => o.WriteSInt32(v),
        Read = (ref ProtoReader r) => r.ReadSInt32(),
    };

    public static readonly FieldKind<long> SInt64 = new()
    {
        WireType = WireType.Varint,
        IsDefault = v => v == 0,
        Write = (ref ProtoWriter w, int f, long v) => w.WriteSInt64(f, v),
        Size = ProtoSize.SInt64,
        WriteOptional = (ref ProtoWriter w, int f, long v) => w.WriteSInt64(f, (long?)v),
        SizeOptional = (f, v) => ProtoSize.SInt64(f, (long?)v),
        WriteElement = (ref ProtoWriter w, int f, long v) => w.WriteSInt64Element(f, v),
        SizeElement = ProtoSize.SInt64Element,
        WriteValue = (ref ProtoWriter w, long v) => w.WriteSInt64Value(v),
        SizeValue = ProtoSize.SInt64Value,
        Google = (o, v) => o.WriteSInt64(v),
        Read = (ref ProtoReader r) => r.ReadSInt64(),
    };

    public static readonly FieldKind<uint> Fixed32 = new()
    {
        WireType = WireType.Fixed32,
        IsDefault = v => v == 0,
        Write = (ref ProtoWriter w, int f, uint v) => w.WriteFixed32(f, v),
        Size = ProtoSize.Fixed32,
        WriteOptional = (ref ProtoWriter w, int f, uint v) => w.WriteFixed32(f, (uint?)v),
        SizeOptional = (f, v) => ProtoSize.Fixed32(f, (uint?)v),
        WriteElement = (ref ProtoWriter w, int f, uint v) => w.WriteFixed32Element(f, v),
        SizeElement = ProtoSize.Fixed32Element,
        WriteValue = (ref ProtoWriter w, uint v) => w.WriteFixed32Value(v),
        SizeValue = ProtoSize.Fixed32Value,
        Google = (o, v) => o.WriteFixed32(v),
        Read = (ref ProtoReader r) => r.ReadFixed32(),
    };

    public static readonly FieldKind<ulong> Fixed64 = new()
    {
        WireType = WireType.Fixed64,
        IsDefault = v => v == 0,
        Write = (ref ProtoWriter w, int f, ulong v) => w.WriteFixed64(f, v),
        Size = ProtoSize.Fixed64,
        WriteOptional = (ref ProtoWriter w, int f, ulong v) => w.WriteFixed64(f, (ulong?)v),
        SizeOptional = (f, v) => ProtoSize.Fixed64(f, (ulong?)v),
        WriteElement = (ref ProtoWriter w, int f, ulong v) => w.WriteFixed64Element(f, v),
        SizeElement = ProtoSize.Fixed64Element,
        WriteValue = (ref ProtoWriter w, ulong v) => w.WriteFixed64Value(v),
        SizeValue = ProtoSize.Fixed64Value,
        Google = (o, v) => o.WriteFixed64(v),
        Read = (ref ProtoReader r) => r.ReadFixed64(),
    };

    public static readonly FieldKind<int> SFixed32 = new()
    {
        WireType = WireType.Fixed32,
        IsDefault = v => v == 0,
        Write = (ref ProtoWriter w, int f, int v) => w.WriteSFixed32(f, v),
        Size = ProtoSize.SFixed32,
        WriteOptional = (ref ProtoWriter w, int f, int v) => w.WriteSFixed32(f, (int?)v),
        SizeOptional = (f, v) => ProtoSize.SFixed32(f, (int?)v),
        WriteElement = (ref ProtoWriter w, int f, int v) => w.WriteSFixed32Element(f, v),
        SizeElement = ProtoSize.SFixed32Element,
        WriteValue = (ref ProtoWriter w, int v) => w.WriteSFixed32Value(v),
        SizeValue = ProtoSize.SFixed32Value,
        Google = (o, v) => o.WriteSFixed32(v),
        Read = (ref ProtoReader r) => r.ReadSFixed32(),
    };

    public static readonly FieldKind<long> SFixed64 = new()
    {
        WireType = WireType.Fixed64,
        IsDefault = v => v == 0,
        Write = (ref ProtoWriter w, int f, long v) => w.WriteSFixed64(f, v),
        Size = ProtoSize.SFixed64,
        WriteOptional = (ref ProtoWriter w, int f, long v) => w.WriteSFixed64(f, (long?)v),
        SizeOptional = (f, v) => ProtoSize.SFixed64(f, (long?)v),
        WriteElement = (ref ProtoWriter w, int f, long v) => w.WriteSFixed64Element(f, v),
        SizeElement = ProtoSize.SFixed64Element,
        WriteValue = (ref ProtoWriter w, long v) => w.WriteSFixed64Value(v),
        SizeValue = ProtoSize.SFixed64Value,
        Google = (o, v) => o.WriteSFixed64(v),
        Read = (ref ProtoReader r) => r.ReadSFixed64(),
    };

    public static readonly FieldKind<float> Float = new()
    {
        WireType = WireType.Fixed32,
        IsDefault = v => BitConverter.SingleToInt32Bits(v) == 0,
        Write = (ref ProtoWriter w, int f, float v) => w.WriteFloat(f, v),
        Size = ProtoSize.Float,
        WriteOptional = (ref ProtoWriter w, int f, float v) => w.WriteFloat(f, (float?)v),
        SizeOptional = (f, v) => ProtoSize.Float(f, (float?)v),
        WriteElement = (ref ProtoWriter w, int f, float v) => w.WriteFloatElement(f, v),
        SizeElement = ProtoSize.FloatElement,
        WriteValue = (ref ProtoWriter w, float v) => w.WriteFloatValue(v),
        SizeValue = ProtoSize.FloatValue,
        Google = (o, v) => o.WriteFloat(v),
        Read = (ref ProtoReader r) => r.ReadFloat(),
        Same = (a, b) => BitConverter.SingleToInt32Bits(a) == BitConverter.SingleToInt32Bits(b),
    };

    public static readonly FieldKind<double> Double = new()
    {
        WireType = WireType.Fixed64,
        IsDefault = v => BitConverter.DoubleToInt64Bits(v) == 0,
        Write = (ref ProtoWriter w, int f, double v) => w.WriteDouble(f, v),
        Size = ProtoSize.Double,
        WriteOptional = (ref ProtoWriter w, int f, double v) => w.WriteDouble(f, (double?)v),
        SizeOptional = (f, v) => ProtoSize.Double(f, (double?)v),
        WriteElement = (ref ProtoWriter w, int f, double v) => w.WriteDoubleElement(f, v),
        SizeElement = ProtoSize.DoubleElement,
        WriteValue = (ref ProtoWriter w, double v) => w.WriteDoubleValue(v),
        SizeValue = ProtoSize.DoubleValue,
        Google = (o, v) => o.WriteDouble(v),
        Read = (ref ProtoReader r) => r.ReadDouble(),
        Same = (a, b) => BitConverter.DoubleToInt64Bits(a) == BitConverter.DoubleToInt64Bits(b),
    };

    public static readonly FieldKind<string> String = new()
    {
        WireType = WireType.LengthDelimited,
        IsDefault = v => v.Length == 0,
        Write = (ref ProtoWriter w, int f, string v) => w.WriteString(f, v),
        Size = ProtoSize.String,
        WriteOptional = (ref ProtoWriter w, int f, string v) => w.WriteOptionalString(f, v),
        SizeOptional = ProtoSize.OptionalString,
        WriteElement = (ref ProtoWriter w, int f, string v) => w.WriteStringElement(f, v),
        SizeElement = ProtoSize.StringElement,
        Google = (o, v) => o.WriteString(v),
        Read = (ref ProtoReader r) => r.ReadString(),
    };

    public static readonly FieldKind<byte[]> Bytes = new()
    {
        WireType = WireType.LengthDelimited,
        IsDefault = v => v.Length == 0,
        Write = (ref ProtoWriter w, int f, byte[] v) => w.WriteBytes(f, v),
        Size = ProtoSize.Bytes,
        WriteOptional = (ref ProtoWriter w, int f, byte[] v) => w.WriteOptionalBytes(f, v),
        SizeOptional = ProtoSize.OptionalBytes,
        WriteElement = (ref ProtoWriter w, int f, byte[] v) => w.WriteBytesElement(f, v),
        SizeElement = ProtoSize.BytesElement,
        Google = (o, v) => o.WriteBytes(ByteString.CopyFrom(v)),
        Read = (ref ProtoReader r) => r.ReadBytes(),
        Same = (a, b) => a.AsSpan().SequenceEqual(b),
    };

    /// <summary>The <see cref="ReadOnlyMemory{T}"/> overloads; there is no explicit-presence shape, so it repeats the element one.</summary>
    public static readonly FieldKind<ReadOnlyMemory<byte>> BytesMemory = new()
    {
        WireType = WireType.LengthDelimited,
        IsDefault = v => v.IsEmpty,
        Write = (ref ProtoWriter w, int f, ReadOnlyMemory<byte> v) => w.WriteBytes(f, v),
        Size = ProtoSize.Bytes,
        WriteOptional = (ref ProtoWriter w, int f, ReadOnlyMemory<byte> v) => w.WriteBytesElement(f, v),
        SizeOptional = ProtoSize.BytesElement,
        WriteElement = (ref ProtoWriter w, int f, ReadOnlyMemory<byte> v) => w.WriteBytesElement(f, v),
        SizeElement = ProtoSize.BytesElement,
        Google = (o, v) => o.WriteBytes(ByteString.CopyFrom(v.Span)),
        Read = (ref ProtoReader r) => r.ReadBytesMemory(),
        Same = (a, b) => a.Span.SequenceEqual(b.Span),
    };

    public static readonly FieldKind<decimal> Decimal = new()
    {
        WireType = WireType.LengthDelimited,
        IsDefault = v => v == 0m,
        Write = (ref ProtoWriter w, int f, decimal v) => w.WriteDecimal(f, v),
        Size = ProtoSize.Decimal,
        WriteOptional = (ref ProtoWriter w, int f, decimal v) => w.WriteDecimal(f, (decimal?)v),
        SizeOptional = (f, v) => ProtoSize.Decimal(f, (decimal?)v),
        WriteElement = (ref ProtoWriter w, int f, decimal v) => w.WriteDecimalElement(f, v),
        SizeElement = ProtoSize.DecimalElement,
        Google = (o, v) => o.WriteString(v.ToString(CultureInfo.InvariantCulture)),
        Read = (ref ProtoReader r) => r.ReadDecimal(),

        // decimal equality ignores scale; the wire keeps it, so compare the text too.
        Same = (a, b) => a == b && a.Scale == b.Scale,
    };

    public static readonly FieldKind<Guid> Guid = new()
    {
        WireType = WireType.LengthDelimited,
        IsDefault = v => v == System.Guid.Empty,
        Write = (ref ProtoWriter w, int f, Guid v) => w.WriteGuid(f, v),
        Size = ProtoSize.Guid,
        WriteOptional = (ref ProtoWriter w, int f, Guid v) => w.WriteGuid(f, (Guid?)v),
        SizeOptional = (f, v) => ProtoSize.Guid(f, (Guid?)v),
        WriteElement = (ref ProtoWriter w, int f, Guid v) => w.WriteGuidElement(f, v),
        SizeElement = ProtoSize.GuidElement,
        Google = (o, v) => o.WriteString(v.ToString("D")),
        Read = (ref ProtoReader r) => r.ReadGuid(),
    };

    public static readonly FieldKind<DateTime> DateTime = new()
    {
        WireType = WireType.LengthDelimited,
        IsDefault = v => v == default,
        Write = (ref ProtoWriter w, int f, DateTime v) => w.WriteDateTime(f, v),
        Size = ProtoSize.DateTime,
        WriteOptional = (ref ProtoWriter w, int f, DateTime v) => w.WriteDateTime(f, (DateTime?)v),
        SizeOptional = (f, v) => ProtoSize.DateTime(f, (DateTime?)v),
        WriteElement = (ref ProtoWriter w, int f, DateTime v) => w.WriteDateTimeElement(f, v),
        SizeElement = ProtoSize.DateTimeElement,
        Google = (o, v) => o.WriteBytes(ByteString.CopyFrom(Timestamp.FromDateTime(AsUtc(v)).ToByteArray())),
        Read = (ref ProtoReader r) => r.ReadDateTime(),
        Decoded = AsUtc,
        Same = (a, b) => a == b && b.Kind == DateTimeKind.Utc,
    };

    public static readonly FieldKind<DateTimeOffset> DateTimeOffset = new()
    {
        WireType = WireType.LengthDelimited,
        IsDefault = v => v == default,
        Write = (ref ProtoWriter w, int f, DateTimeOffset v) => w.WriteDateTimeOffset(f, v),
        Size = ProtoSize.DateTimeOffset,
        WriteOptional = (ref ProtoWriter w, int f, DateTimeOffset v) => w.WriteDateTimeOffset(f, (DateTimeOffset?)v),
        SizeOptional = (f, v) => ProtoSize.DateTimeOffset(f, (DateTimeOffset?)v),
        WriteElement = (ref ProtoWriter w, int f, DateTimeOffset v) => w.WriteDateTimeOffsetElement(f, v),
        SizeElement = ProtoSize.DateTimeOffsetElement,
        Google = (o, v) => o.WriteBytes(ByteString.CopyFrom(Timestamp.FromDateTimeOffset(v).ToByteArray())),
        Read = (ref ProtoReader r) => r.ReadDateTimeOffset(),
        Same = (a, b) => a.UtcTicks == b.UtcTicks && b.Offset == System.TimeSpan.Zero,
    };

    public static readonly FieldKind<TimeSpan> TimeSpan = new()
    {
        WireType = WireType.LengthDelimited,
        IsDefault = v => v == System.TimeSpan.Zero,
        Write = (ref ProtoWriter w, int f, TimeSpan v) => w.WriteTimeSpan(f, v),
        Size = ProtoSize.TimeSpan,
        WriteOptional = (ref ProtoWriter w, int f, TimeSpan v) => w.WriteTimeSpan(f, (TimeSpan?)v),
        SizeOptional = (f, v) => ProtoSize.TimeSpan(f, (TimeSpan?)v),
        WriteElement = (ref ProtoWriter w, int f, TimeSpan v) => w.WriteTimeSpanElement(f, v),
        SizeElement = ProtoSize.TimeSpanElement,
        Google = (o, v) => o.WriteBytes(ByteString.CopyFrom(Duration.FromTimeSpan(v).ToByteArray())),
        Read = (ref ProtoReader r) => r.ReadTimeSpan(),
    };

    /// <summary>The documented DateTime rule: Local is converted to UTC, Unspecified is taken as UTC.</summary>
    public static DateTime AsUtc(DateTime value) => value.Kind switch
    {
        DateTimeKind.Local => value.ToUniversalTime(),
        _ => System.DateTime.SpecifyKind(value, DateTimeKind.Utc),
    };
}
