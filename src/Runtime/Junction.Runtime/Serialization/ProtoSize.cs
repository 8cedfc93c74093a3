using System.Globalization;
using System.Numerics;
using System.Text;

namespace Junction.Serialization;

/// <summary>
/// Exact encoded sizes, in bytes, of what <see cref="ProtoWriter"/> writes. A serializer adds these up, rents a buffer of
/// exactly that size and then writes into it, so every method here mirrors one <see cref="ProtoWriter"/> method:
/// <c>ProtoSize.Int32(field, value)</c> is the number of bytes <c>writer.WriteInt32(field, value)</c> writes (0 when
/// the writer skips a default value), <c>Int32Element</c> matches <c>WriteInt32Element</c> and <c>Int32Value</c>
/// matches <c>WriteInt32Value</c>.
/// </summary>
public static class ProtoSize
{
    internal const long TicksPerSecond = 10_000_000;
    internal const int NanosPerTick = 100;

    /// <summary><c>DateTime.Ticks</c> at the Unix epoch, divided into seconds.</summary>
    internal const long UnixEpochSeconds = 62_135_596_800;

    /// <summary>Length of a <see cref="System.Guid"/> in "D" format: 32 hex digits and 4 hyphens, all ASCII.</summary>
    internal const int GuidTextLength = 36;

    /// <summary>
    /// Longest invariant text of a <see cref="decimal"/>: 29 digits, a leading "0." when the scale is 28, and a sign
    /// (e.g. "-0.0000000000000000000000000001" is 31 bytes). Always below 128, so the length prefix is one byte.
    /// </summary>
    internal const int MaxDecimalTextLength = 32;

    private const int Fixed32Size = 4;
    private const int Fixed64Size = 8;

    /// <summary>Size of the tag of field <paramref name="fieldNumber"/> (the wire type does not change it).</summary>
    public static int Tag(int fieldNumber) => Varint32((uint)fieldNumber << 3);

    /// <summary>Size of <paramref name="value"/> as a base-128 varint: 1 to 5 bytes.</summary>
    public static int Varint32(uint value) => ((BitOperations.Log2(value | 1) * 9) + 73) >> 6;

    /// <summary>Size of <paramref name="value"/> as a base-128 varint: 1 to 10 bytes.</summary>
    public static int Varint64(ulong value) => ((BitOperations.Log2(value | 1) * 9) + 73) >> 6;

    /// <summary>Size of a varint length prefix for <paramref name="length"/> plus the <paramref name="length"/> bytes it announces.</summary>
    public static int LengthPrefixed(int length) => Varint32((uint)length) + length;

    /// <summary>Size of an embedded message field: tag, length prefix and a body of <paramref name="bodySize"/> bytes.</summary>
    public static int Message(int fieldNumber, int bodySize) => Tag(fieldNumber) + LengthPrefixed(bodySize);

    // ---- bool ----

    /// <summary>Size of <see cref="ProtoWriter.WriteBool(int, bool)"/>: 0 for <see langword="false"/>.</summary>
    public static int Bool(int fieldNumber, bool value) => value ? BoolElement(fieldNumber, value) : 0;

    /// <summary>Size of <see cref="ProtoWriter.WriteBool(int, bool?)"/>: 0 only when <paramref name="value"/> is <see langword="null"/>.</summary>
    public static int Bool(int fieldNumber, bool? value) => value.HasValue ? BoolElement(fieldNumber, value.GetValueOrDefault()) : 0;

    /// <summary>Size of <see cref="ProtoWriter.WriteBoolElement"/>.</summary>
    public static int BoolElement(int fieldNumber, bool value) => Tag(fieldNumber) + 1;

    /// <summary>Size of <see cref="ProtoWriter.WriteBoolValue"/>: always 1.</summary>
    public static int BoolValue(bool value) => 1;

    // ---- int32 ----

    /// <summary>Size of <see cref="ProtoWriter.WriteInt32(int, int)"/>: 0 for 0.</summary>
    public static int Int32(int fieldNumber, int value) => value != 0 ? Int32Element(fieldNumber, value) : 0;

    /// <summary>Size of <see cref="ProtoWriter.WriteInt32(int, int?)"/>: 0 only when <paramref name="value"/> is <see langword="null"/>.</summary>
    public static int Int32(int fieldNumber, int? value) => value.HasValue ? Int32Element(fieldNumber, value.GetValueOrDefault()) : 0;

    /// <summary>Size of <see cref="ProtoWriter.WriteInt32Element"/>.</summary>
    public static int Int32Element(int fieldNumber, int value) => Tag(fieldNumber) + Int32Value(value);

    /// <summary>Size of <see cref="ProtoWriter.WriteInt32Value"/>: negative values always take 10 bytes.</summary>
    public static int Int32Value(int value) => value < 0 ? 10 : Varint32((uint)value);

    // ---- int64 ----

    /// <summary>Size of <see cref="ProtoWriter.WriteInt64(int, long)"/>: 0 for 0.</summary>
    public static int Int64(int fieldNumber, long value) => value != 0 ? Int64Element(fieldNumber, value) : 0;

    /// <summary>Size of <see cref="ProtoWriter.WriteInt64(int, long?)"/>: 0 only when <paramref name="value"/> is <see langword="null"/>.</summary>
    public static int Int64(int fieldNumber, long? value) => value.HasValue ? Int64Element(fieldNumber, value.GetValueOrDefault()) : 0;

    /// <summary>Size of <see cref="ProtoWriter.WriteInt64Element"/>.</summary>
    public static int Int64Element(int fieldNumber, long value) => Tag(fieldNumber) + Int64Value(value);

    /// <summary>Size of <see cref="ProtoWriter.WriteInt64Value"/>.</summary>
    public static int Int64Value(long value) => Varint64((ulong)value);

    // ---- uint32 ----

    /// <summary>Size of <see cref="ProtoWriter.WriteUInt32(int, uint)"/>: 0 for 0.</summary>
    public static int UInt32(int fieldNumber, uint value) => value != 0 ? UInt32Element(fieldNumber, value) : 0;

    /// <summary>Size of <see cref="ProtoWriter.WriteUInt32(int, uint?)"/>: 0 only when <paramref name="value"/> is <see langword="null"/>.</summary>
    public static int UInt32(int fieldNumber, uint? value) => value.HasValue ? UInt32Element(fieldNumber, value.GetValueOrDefault()) : 0;

    /// <summary>Size of <see cref="ProtoWriter.WriteUInt32Element"/>.</summary>
    public static int UInt32Element(int fieldNumber, uint value) => Tag(fieldNumber) + UInt32Value(value);

    /// <summary>Size of <see cref="ProtoWriter.WriteUInt32Value"/>.</summary>
    public static int UInt32Value(uint value) => Varint32(value);

    // ---- uint64 ----

    /// <summary>Size of <see cref="ProtoWriter.WriteUInt64(int, ulong)"/>: 0 for 0.</summary>
    public static int UInt64(int fieldNumber, ulong value) => value != 0 ? UInt64Element(fieldNumber, value) : 0;

    /// <summary>Size of <see cref="ProtoWriter.WriteUInt64(int, ulong?)"/>: 0 only when <paramref name="value"/> is <see langword="null"/>.</summary>
    public static int UInt64(int fieldNumber, ulong? value) => value.HasValue ? UInt64Element(fieldNumber, value.GetValueOrDefault()) : 0;

    /// <summary>Size of <see cref="ProtoWriter.WriteUInt64Element"/>.</summary>
    public static int UInt64Element(int fieldNumber, ulong value) => Tag(fieldNumber) + UInt64Value(value);

    /// <summary>Size of <see cref="ProtoWriter.WriteUInt64Value"/>.</summary>
    public static int UInt64Value(ulong value) => Varint64(value);

    // ---- sint32 ----

    /// <summary>Size of <see cref="ProtoWriter.WriteSInt32(int, int)"/>: 0 for 0.</summary>
    public static int SInt32(int fieldNumber, int value) => value != 0 ? SInt32Element(fieldNumber, value) : 0;

    /// <summary>Size of <see cref="ProtoWriter.WriteSInt32(int, int?)"/>: 0 only when <paramref name="value"/> is <see langword="null"/>.</summary>
    public static int SInt32(int fieldNumber, int? value) => value.HasValue ? SInt32Element(fieldNumber, value.GetValueOrDefault()) : 0;

    /// <summary>Size of <see cref="ProtoWriter.WriteSInt32Element"/>.</summary>
    public static int SInt32Element(int fieldNumber, int value) => Tag(fieldNumber) + SInt32Value(value);

    /// <summary>Size of <see cref="ProtoWriter.WriteSInt32Value"/>: the zigzag encoding keeps small negative values small.</summary>
    public static int SInt32Value(int value) => Varint32(ProtoWriter.ZigZag32(value));

    // ---- sint64 ----

    /// <summary>Size of <see cref="ProtoWriter.WriteSInt64(int, long)"/>: 0 for 0.</summary>
    public static int SInt64(int fieldNumber, long value) => value != 0 ? SInt64Element(fieldNumber, value) : 0;

    /// <summary>Size of <see cref="ProtoWriter.WriteSInt64(int, long?)"/>: 0 only when <paramref name="value"/> is <see langword="null"/>.</summary>
    public static int SInt64(int fieldNumber, long? value) => value.HasValue ? SInt64Element(fieldNumber, value.GetValueOrDefault()) : 0;

    /// <summary>Size of <see cref="ProtoWriter.WriteSInt64Element"/>.</summary>
    public static int SInt64Element(int fieldNumber, long value) => Tag(fieldNumber) + SInt64Value(value);

    /// <summary>Size of <see cref="ProtoWriter.WriteSInt64Value"/>.</summary>
    public static int SInt64Value(long value) => Varint64(ProtoWriter.ZigZag64(value));

    // ---- fixed32 ----

    /// <summary>Size of <see cref="ProtoWriter.WriteFixed32(int, uint)"/>: 0 for 0.</summary>
    public static int Fixed32(int fieldNumber, uint value) => value != 0 ? Fixed32Element(fieldNumber, value) : 0;

    /// <summary>Size of <see cref="ProtoWriter.WriteFixed32(int, uint?)"/>: 0 only when <paramref name="value"/> is <see langword="null"/>.</summary>
    public static int Fixed32(int fieldNumber, uint? value) => value.HasValue ? Fixed32Element(fieldNumber, value.GetValueOrDefault()) : 0;

    /// <summary>Size of <see cref="ProtoWriter.WriteFixed32Element"/>.</summary>
    public static int Fixed32Element(int fieldNumber, uint value) => Tag(fieldNumber) + Fixed32Size;

    /// <summary>Size of <see cref="ProtoWriter.WriteFixed32Value"/>: always 4.</summary>
    public static int Fixed32Value(uint value) => Fixed32Size;

    // ---- fixed64 ----

    /// <summary>Size of <see cref="ProtoWriter.WriteFixed64(int, ulong)"/>: 0 for 0.</summary>
    public static int Fixed64(int fieldNumber, ulong value) => value != 0 ? Fixed64Element(fieldNumber, value) : 0;

    /// <summary>Size of <see cref="ProtoWriter.WriteFixed64(int, ulong?)"/>: 0 only when <paramref name="value"/> is <see langword="null"/>.</summary>
    public static int Fixed64(int fieldNumber, ulong? value) => value.HasValue ? Fixed64Element(fieldNumber, value.GetValueOrDefault()) : 0;

    /// <summary>Size of <see cref="ProtoWriter.WriteFixed64Element"/>.</summary>
    public static int Fixed64Element(int fieldNumber, ulong value) => Tag(fieldNumber) + Fixed64Size;

    /// <summary>Size of <see cref="ProtoWriter.WriteFixed64Value"/>: always 8.</summary>
    public static int Fixed64Value(ulong value) => Fixed64Size;

    // ---- sfixed32 ----

    /// <summary>Size of <see cref="ProtoWriter.WriteSFixed32(int, int)"/>: 0 for 0.</summary>
    public static int SFixed32(int fieldNumber, int value) => value != 0 ? SFixed32Element(fieldNumber, value) : 0;

    /// <summary>Size of <see cref="ProtoWriter.WriteSFixed32(int, int?)"/>: 0 only when <paramref name="value"/> is <see langword="null"/>.</summary>
    public static int SFixed32(int fieldNumber, int? value) => value.HasValue ? SFixed32Element(fieldNumber, value.GetValueOrDefault()) : 0;

    /// <summary>Size of <see cref="ProtoWriter.WriteSFixed32Element"/>.</summary>
    public static int SFixed32Element(int fieldNumber, int value) => Tag(fieldNumber) + Fixed32Size;

    /// <summary>Size of <see cref="ProtoWriter.WriteSFixed32Value"/>: always 4.</summary>
    public static int SFixed32Value(int value) => Fixed32Size;

    // ---- sfixed64 ----

    /// <summary>Size of <see cref="ProtoWriter.WriteSFixed64(int, long)"/>: 0 for 0.</summary>
    public static int SFixed64(int fieldNumber, long value) => value != 0 ? SFixed64Element(fieldNumber, value) : 0;

    /// <summary>Size of <see cref="ProtoWriter.WriteSFixed64(int, long?)"/>: 0 only when <paramref name="value"/> is <see langword="null"/>.</summary>
    public static int SFixed64(int fieldNumber, long? value) => value.HasValue ? SFixed64Element(fieldNumber, value.GetValueOrDefault()) : 0;

    /// <summary>Size of <see cref="ProtoWriter.WriteSFixed64Element"/>.</summary>
    public static int SFixed64Element(int fieldNumber, long value) => Tag(fieldNumber) + Fixed64Size;

    /// <summary>Size of <see cref="ProtoWriter.WriteSFixed64Value"/>: always 8.</summary>
    public static int SFixed64Value(long value) => Fixed64Size;

    // ---- float ----

    /// <summary>Size of <see cref="ProtoWriter.WriteFloat(int, float)"/>: 0 only for +0.0 (-0.0 and NaN are written).</summary>
    public static int Float(int fieldNumber, float value) => BitConverter.SingleToInt32Bits(value) != 0 ? FloatElement(fieldNumber, value) : 0;

    /// <summary>Size of <see cref="ProtoWriter.WriteFloat(int, float?)"/>: 0 only when <paramref name="value"/> is <see langword="null"/>.</summary>
    public static int Float(int fieldNumber, float? value) => value.HasValue ? FloatElement(fieldNumber, value.GetValueOrDefault()) : 0;

    /// <summary>Size of <see cref="ProtoWriter.WriteFloatElement"/>.</summary>
    public static int FloatElement(int fieldNumber, float value) => Tag(fieldNumber) + Fixed32Size;

    /// <summary>Size of <see cref="ProtoWriter.WriteFloatValue"/>: always 4.</summary>
    public static int FloatValue(float value) => Fixed32Size;

    // ---- double ----

    /// <summary>Size of <see cref="ProtoWriter.WriteDouble(int, double)"/>: 0 only for +0.0 (-0.0 and NaN are written).</summary>
    public static int Double(int fieldNumber, double value) => BitConverter.DoubleToInt64Bits(value) != 0 ? DoubleElement(fieldNumber, value) : 0;

    /// <summary>Size of <see cref="ProtoWriter.WriteDouble(int, double?)"/>: 0 only when <paramref name="value"/> is <see langword="null"/>.</summary>
    public static int Double(int fieldNumber, double? value) => value.HasValue ? DoubleElement(fieldNumber, value.GetValueOrDefault()) : 0;

    /// <summary>Size of <see cref="ProtoWriter.WriteDoubleElement"/>.</summary>
    public static int DoubleElement(int fieldNumber, double value) => Tag(fieldNumber) + Fixed64Size;

    /// <summary>Size of <see cref="ProtoWriter.WriteDoubleValue"/>: always 8.</summary>
    public static int DoubleValue(double value) => Fixed64Size;

    // ---- string ----

    /// <summary>Size of <see cref="ProtoWriter.WriteString"/>: 0 for <see langword="null"/> and "".</summary>
    public static int String(int fieldNumber, string? value) => string.IsNullOrEmpty(value) ? 0 : StringCore(fieldNumber, value);

    /// <summary>Size of <see cref="ProtoWriter.WriteOptionalString"/>: 0 only for <see langword="null"/>; "" takes a tag and a zero length.</summary>
    public static int OptionalString(int fieldNumber, string? value) => value is null ? 0 : StringCore(fieldNumber, value);

    /// <summary>Size of <see cref="ProtoWriter.WriteStringElement"/>.</summary>
    /// <exception cref="RpcException"><paramref name="value"/> is <see langword="null"/> (<see cref="RpcStatusCode.InvalidArgument"/>).</exception>
    public static int StringElement(int fieldNumber, string value)
    {
        if (value is null)
        {
            ProtoWriter.ThrowNullElement(fieldNumber, "string");
        }

        return StringCore(fieldNumber, value);
    }

    private static int StringCore(int fieldNumber, string value) => Tag(fieldNumber) + LengthPrefixed(Encoding.UTF8.GetByteCount(value));

    // ---- bytes ----

    /// <summary>Size of <see cref="ProtoWriter.WriteBytes(int, byte[])"/>: 0 for <see langword="null"/> and empty arrays.</summary>
    public static int Bytes(int fieldNumber, byte[]? value) => value is null || value.Length == 0 ? 0 : Message(fieldNumber, value.Length);

    /// <summary>Size of <see cref="ProtoWriter.WriteBytes(int, ReadOnlyMemory{byte})"/>: 0 when <paramref name="value"/> is empty.</summary>
    public static int Bytes(int fieldNumber, ReadOnlyMemory<byte> value) => value.IsEmpty ? 0 : Message(fieldNumber, value.Length);

    /// <summary>Size of <see cref="ProtoWriter.WriteOptionalBytes"/>: 0 only for <see langword="null"/>; an empty array takes a tag and a zero length.</summary>
    public static int OptionalBytes(int fieldNumber, byte[]? value) => value is null ? 0 : Message(fieldNumber, value.Length);

    /// <summary>Size of <see cref="ProtoWriter.WriteBytesElement(int, byte[])"/>.</summary>
    /// <exception cref="RpcException"><paramref name="value"/> is <see langword="null"/> (<see cref="RpcStatusCode.InvalidArgument"/>).</exception>
    public static int BytesElement(int fieldNumber, byte[] value)
    {
        if (value is null)
        {
            ProtoWriter.ThrowNullElement(fieldNumber, "bytes");
        }

        return Message(fieldNumber, value.Length);
    }

    /// <summary>Size of <see cref="ProtoWriter.WriteBytesElement(int, ReadOnlyMemory{byte})"/>.</summary>
    public static int BytesElement(int fieldNumber, ReadOnlyMemory<byte> value) => Message(fieldNumber, value.Length);

    // ---- decimal ----

    /// <summary>Size of <see cref="ProtoWriter.WriteDecimal(int, decimal)"/>: 0 when <paramref name="value"/> equals 0m (any scale).</summary>
    public static int Decimal(int fieldNumber, decimal value) => value != 0m ? DecimalElement(fieldNumber, value) : 0;

    /// <summary>Size of <see cref="ProtoWriter.WriteDecimal(int, decimal?)"/>: 0 only when <paramref name="value"/> is <see langword="null"/>.</summary>
    public static int Decimal(int fieldNumber, decimal? value) => value.HasValue ? DecimalElement(fieldNumber, value.GetValueOrDefault()) : 0;

    /// <summary>Size of <see cref="ProtoWriter.WriteDecimalElement"/>.</summary>
    public static int DecimalElement(int fieldNumber, decimal value)
    {
        // Formatting is the only exact way to know the text length (scale, sign of zero); it stays on the stack.
        Span<byte> text = stackalloc byte[MaxDecimalTextLength];
        return Message(fieldNumber, FormatDecimal(value, text));
    }

    // ---- Guid ----

    /// <summary>Size of <see cref="ProtoWriter.WriteGuid(int, System.Guid)"/>: 0 for <see cref="System.Guid.Empty"/>.</summary>
    public static int Guid(int fieldNumber, Guid value) => value != default ? GuidElement(fieldNumber, value) : 0;

    /// <summary>Size of <see cref="ProtoWriter.WriteGuid(int, System.Guid?)"/>: 0 only when <paramref name="value"/> is <see langword="null"/>.</summary>
    public static int Guid(int fieldNumber, Guid? value) => value.HasValue ? GuidElement(fieldNumber, value.GetValueOrDefault()) : 0;

    /// <summary>Size of <see cref="ProtoWriter.WriteGuidElement"/>: always the tag plus 37 bytes.</summary>
    public static int GuidElement(int fieldNumber, Guid value) => Message(fieldNumber, GuidTextLength);

    // ---- DateTime ----

    /// <summary>Size of <see cref="ProtoWriter.WriteDateTime(int, System.DateTime)"/>: 0 for <c>default(DateTime)</c>.</summary>
    public static int DateTime(int fieldNumber, DateTime value) => value != default ? DateTimeElement(fieldNumber, value) : 0;

    /// <summary>Size of <see cref="ProtoWriter.WriteDateTime(int, System.DateTime?)"/>: 0 only when <paramref name="value"/> is <see langword="null"/>.</summary>
    public static int DateTime(int fieldNumber, DateTime? value) => value.HasValue ? DateTimeElement(fieldNumber, value.GetValueOrDefault()) : 0;

    /// <summary>Size of <see cref="ProtoWriter.WriteDateTimeElement"/>.</summary>
    public static int DateTimeElement(int fieldNumber, DateTime value) => TimestampSize(fieldNumber, UtcTicks(value));

    // ---- DateTimeOffset ----

    /// <summary>Size of <see cref="ProtoWriter.WriteDateTimeOffset(int, System.DateTimeOffset)"/>: 0 for <c>default(DateTimeOffset)</c>.</summary>
    public static int DateTimeOffset(int fieldNumber, DateTimeOffset value) => value != default ? DateTimeOffsetElement(fieldNumber, value) : 0;

    /// <summary>Size of <see cref="ProtoWriter.WriteDateTimeOffset(int, System.DateTimeOffset?)"/>: 0 only when <paramref name="value"/> is <see langword="null"/>.</summary>
    public static int DateTimeOffset(int fieldNumber, DateTimeOffset? value) => value.HasValue ? DateTimeOffsetElement(fieldNumber, value.GetValueOrDefault()) : 0;

    /// <summary>Size of <see cref="ProtoWriter.WriteDateTimeOffsetElement"/>.</summary>
    public static int DateTimeOffsetElement(int fieldNumber, DateTimeOffset value) => TimestampSize(fieldNumber, value.UtcTicks);

    // ---- TimeSpan ----

    /// <summary>Size of <see cref="ProtoWriter.WriteTimeSpan(int, System.TimeSpan)"/>: 0 for <see cref="System.TimeSpan.Zero"/>.</summary>
    public static int TimeSpan(int fieldNumber, TimeSpan value) => value.Ticks != 0 ? TimeSpanElement(fieldNumber, value) : 0;

    /// <summary>Size of <see cref="ProtoWriter.WriteTimeSpan(int, System.TimeSpan?)"/>: 0 only when <paramref name="value"/> is <see langword="null"/>.</summary>
    public static int TimeSpan(int fieldNumber, TimeSpan? value) => value.HasValue ? TimeSpanElement(fieldNumber, value.GetValueOrDefault()) : 0;

    /// <summary>Size of <see cref="ProtoWriter.WriteTimeSpanElement"/>.</summary>
    public static int TimeSpanElement(int fieldNumber, TimeSpan value)
    {
        SplitDuration(value.Ticks, out long seconds, out int nanos);
        return Message(fieldNumber, SecondsNanosBodySize(seconds, nanos));
    }

    // ---- shared encoding rules for the non-proto types, used by ProtoWriter too ----

    /// <summary>The instant of <paramref name="value"/> in UTC ticks: Local is converted, Unspecified is taken as UTC.</summary>
    internal static long UtcTicks(DateTime value) =>
        value.Kind == DateTimeKind.Local ? value.ToUniversalTime().Ticks : value.Ticks;

    /// <summary>
    /// Splits UTC ticks into Timestamp seconds and nanos. Ticks are never negative, so division already floors and the
    /// nanos come out in 0..999_999_900, as Google.Protobuf's Timestamp.FromDateTime computes them.
    /// </summary>
    internal static void SplitTimestamp(long utcTicks, out long seconds, out int nanos)
    {
        seconds = (utcTicks / TicksPerSecond) - UnixEpochSeconds;
        nanos = (int)(utcTicks % TicksPerSecond) * NanosPerTick;
    }

    /// <summary>Splits ticks into Duration seconds and nanos that share the sign of the span (division truncates toward zero).</summary>
    internal static void SplitDuration(long ticks, out long seconds, out int nanos)
    {
        seconds = ticks / TicksPerSecond;
        nanos = (int)(ticks % TicksPerSecond) * NanosPerTick;
    }

    /// <summary>Body size of a Timestamp or Duration message, which omits zero seconds and zero nanos.</summary>
    internal static int SecondsNanosBodySize(long seconds, int nanos) =>
        (seconds != 0 ? 1 + Int64Value(seconds) : 0) + (nanos != 0 ? 1 + Int32Value(nanos) : 0);

    /// <summary>Writes the invariant text of <paramref name="value"/> as UTF-8 and returns its length.</summary>
    internal static int FormatDecimal(decimal value, Span<byte> destination)
    {
        if (!value.TryFormat(destination, out int written, default, CultureInfo.InvariantCulture))
        {
            throw new ArgumentException("The destination is too small for the decimal text.", nameof(destination));
        }

        return written;
    }

    private static int TimestampSize(int fieldNumber, long utcTicks)
    {
        SplitTimestamp(utcTicks, out long seconds, out int nanos);
        return Message(fieldNumber, SecondsNanosBodySize(seconds, nanos));
    }
}
