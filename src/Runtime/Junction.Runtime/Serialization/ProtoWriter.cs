using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Junction.Serialization;

/// <summary>
/// Writes proto3 wire format into a span that the caller sized beforehand with <see cref="ProtoSize"/>. Bytes are
/// identical to what Google.Protobuf writes for the same fields, so protoc-generated peers read them.
/// </summary>
/// <remarks>
/// <para>Each field kind comes in up to four shapes:</para>
/// <list type="bullet">
/// <item><c>Write{Kind}(field, value)</c>: proto3 implicit presence; nothing is written for the default value.</item>
/// <item><c>Write{Kind}(field, value?)</c>, <c>WriteOptionalString</c>, <c>WriteOptionalBytes</c>: proto3
/// <c>optional</c>; written whenever a value is present, even the default.</item>
/// <item><c>Write{Kind}Element(field, value)</c>: always written; one element of a non-packed repeated field.</item>
/// <item><c>Write{Kind}Value(value)</c>: the value without a tag; one element inside a packed repeated field.</item>
/// </list>
/// <para>
/// Writing past the end of the destination throws <see cref="IndexOutOfRangeException"/> or
/// <see cref="ArgumentException"/>: the size computed with <see cref="ProtoSize"/> did not match, which is a bug in the
/// serializer rather than bad input.
/// </para>
/// <para>
/// .NET types without a protobuf scalar use these encodings, which are part of Junction's wire contract:
/// <see cref="decimal"/> and <see cref="Guid"/> are proto <c>string</c>s, <see cref="DateTime"/> and
/// <see cref="DateTimeOffset"/> are <c>google.protobuf.Timestamp</c> and <see cref="TimeSpan"/> is
/// <c>google.protobuf.Duration</c>; each method documents the details.
/// </para>
/// </remarks>
public ref struct ProtoWriter
{
    private readonly Span<byte> _buffer;
    private int _position;

    /// <summary>Creates a writer that fills <paramref name="destination"/> from its start.</summary>
    public ProtoWriter(Span<byte> destination)
    {
        _buffer = destination;
        _position = 0;
    }

    /// <summary>The number of bytes written so far.</summary>
    public readonly int Position => _position;

    // ---- low level ----

    /// <summary>Writes the tag of field <paramref name="fieldNumber"/> with wire type <paramref name="wireType"/>.</summary>
    public void WriteTag(int fieldNumber, WireType wireType) => WriteVarint32(((uint)fieldNumber << 3) | (uint)wireType);

    /// <summary>Writes a precomputed tag, <c>fieldNumber &lt;&lt; 3 | wireType</c>, as a varint.</summary>
    public void WriteRawTag(uint tag) => WriteVarint32(tag);

    /// <summary>Writes <paramref name="value"/> as a base-128 varint (1 to 5 bytes).</summary>
    public void WriteVarint32(uint value)
    {
        Span<byte> buffer = _buffer;
        int position = _position;
        while (value >= 0x80)
        {
            buffer[position++] = (byte)(value | 0x80);
            value >>= 7;
        }

        buffer[position++] = (byte)value;
        _position = position;
    }

    /// <summary>Writes <paramref name="value"/> as a base-128 varint (1 to 10 bytes).</summary>
    public void WriteVarint64(ulong value)
    {
        Span<byte> buffer = _buffer;
        int position = _position;
        while (value >= 0x80)
        {
            buffer[position++] = (byte)(value | 0x80);
            value >>= 7;
        }

        buffer[position++] = (byte)value;
        _position = position;
    }

    /// <summary>Writes the varint length prefix of a length-delimited field (string, bytes, message, packed field).</summary>
    public void WriteLength(int length) => WriteVarint32((uint)length);

    /// <summary>Copies <paramref name="bytes"/> to the output unchanged.</summary>
    public void WriteRawBytes(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(_buffer.Slice(_position));
        _position += bytes.Length;
    }

    // ---- bool ----

    /// <summary>Writes a <c>bool</c> field unless <paramref name="value"/> is <see langword="false"/> (implicit presence).</summary>
    public void WriteBool(int fieldNumber, bool value)
    {
        if (value)
        {
            WriteBoolElement(fieldNumber, value);
        }
    }

    /// <summary>Writes an <c>optional bool</c> field whenever <paramref name="value"/> has a value, <see langword="false"/> included.</summary>
    public void WriteBool(int fieldNumber, bool? value)
    {
        if (value.HasValue)
        {
            WriteBoolElement(fieldNumber, value.GetValueOrDefault());
        }
    }

    /// <summary>Writes one element of a non-packed <c>repeated bool</c> field: tag and value, always.</summary>
    public void WriteBoolElement(int fieldNumber, bool value)
    {
        WriteTag(fieldNumber, WireType.Varint);
        WriteBoolValue(value);
    }

    /// <summary>Writes a <c>bool</c> without a tag (one byte, 0 or 1), for packed repeated fields.</summary>
    public void WriteBoolValue(bool value) => _buffer[_position++] = value ? (byte)1 : (byte)0;

    // ---- int32 ----

    /// <summary>Writes an <c>int32</c> field unless <paramref name="value"/> is 0 (implicit presence).</summary>
    public void WriteInt32(int fieldNumber, int value)
    {
        if (value != 0)
        {
            WriteInt32Element(fieldNumber, value);
        }
    }

    /// <summary>Writes an <c>optional int32</c> field whenever <paramref name="value"/> has a value, 0 included.</summary>
    public void WriteInt32(int fieldNumber, int? value)
    {
        if (value.HasValue)
        {
            WriteInt32Element(fieldNumber, value.GetValueOrDefault());
        }
    }

    /// <summary>Writes one element of a non-packed <c>repeated int32</c> field: tag and value, always.</summary>
    public void WriteInt32Element(int fieldNumber, int value)
    {
        WriteTag(fieldNumber, WireType.Varint);
        WriteInt32Value(value);
    }

    /// <summary>
    /// Writes an <c>int32</c> without a tag, for packed repeated fields. Negative values are sign-extended to 64 bits
    /// and take 10 bytes, as protobuf requires so that int32 and int64 fields stay interchangeable.
    /// </summary>
    public void WriteInt32Value(int value) => WriteVarint64((ulong)(long)value);

    // ---- int64 ----

    /// <summary>Writes an <c>int64</c> field unless <paramref name="value"/> is 0 (implicit presence).</summary>
    public void WriteInt64(int fieldNumber, long value)
    {
        if (value != 0)
        {
            WriteInt64Element(fieldNumber, value);
        }
    }

    /// <summary>Writes an <c>optional int64</c> field whenever <paramref name="value"/> has a value, 0 included.</summary>
    public void WriteInt64(int fieldNumber, long? value)
    {
        if (value.HasValue)
        {
            WriteInt64Element(fieldNumber, value.GetValueOrDefault());
        }
    }

    /// <summary>Writes one element of a non-packed <c>repeated int64</c> field: tag and value, always.</summary>
    public void WriteInt64Element(int fieldNumber, long value)
    {
        WriteTag(fieldNumber, WireType.Varint);
        WriteInt64Value(value);
    }

    /// <summary>Writes an <c>int64</c> without a tag (negative values take 10 bytes), for packed repeated fields.</summary>
    public void WriteInt64Value(long value) => WriteVarint64((ulong)value);

    // ---- uint32 ----

    /// <summary>Writes a <c>uint32</c> field unless <paramref name="value"/> is 0 (implicit presence).</summary>
    public void WriteUInt32(int fieldNumber, uint value)
    {
        if (value != 0)
        {
            WriteUInt32Element(fieldNumber, value);
        }
    }

    /// <summary>Writes an <c>optional uint32</c> field whenever <paramref name="value"/> has a value, 0 included.</summary>
    public void WriteUInt32(int fieldNumber, uint? value)
    {
        if (value.HasValue)
        {
            WriteUInt32Element(fieldNumber, value.GetValueOrDefault());
        }
    }

    /// <summary>Writes one element of a non-packed <c>repeated uint32</c> field: tag and value, always.</summary>
    public void WriteUInt32Element(int fieldNumber, uint value)
    {
        WriteTag(fieldNumber, WireType.Varint);
        WriteVarint32(value);
    }

    /// <summary>Writes a <c>uint32</c> without a tag, for packed repeated fields.</summary>
    public void WriteUInt32Value(uint value) => WriteVarint32(value);

    // ---- uint64 ----

    /// <summary>Writes a <c>uint64</c> field unless <paramref name="value"/> is 0 (implicit presence).</summary>
    public void WriteUInt64(int fieldNumber, ulong value)
    {
        if (value != 0)
        {
            WriteUInt64Element(fieldNumber, value);
        }
    }

    /// <summary>Writes an <c>optional uint64</c> field whenever <paramref name="value"/> has a value, 0 included.</summary>
    public void WriteUInt64(int fieldNumber, ulong? value)
    {
        if (value.HasValue)
        {
            WriteUInt64Element(fieldNumber, value.GetValueOrDefault());
        }
    }

    /// <summary>Writes one element of a non-packed <c>repeated uint64</c> field: tag and value, always.</summary>
    public void WriteUInt64Element(int fieldNumber, ulong value)
    {
        WriteTag(fieldNumber, WireType.Varint);
        WriteVarint64(value);
    }

    /// <summary>Writes a <c>uint64</c> without a tag, for packed repeated fields.</summary>
    public void WriteUInt64Value(ulong value) => WriteVarint64(value);

    // ---- sint32 ----

    /// <summary>Writes an <c>sint32</c> field (zigzag) unless <paramref name="value"/> is 0 (implicit presence).</summary>
    public void WriteSInt32(int fieldNumber, int value)
    {
        if (value != 0)
        {
            WriteSInt32Element(fieldNumber, value);
        }
    }

    /// <summary>Writes an <c>optional sint32</c> field whenever <paramref name="value"/> has a value, 0 included.</summary>
    public void WriteSInt32(int fieldNumber, int? value)
    {
        if (value.HasValue)
        {
            WriteSInt32Element(fieldNumber, value.GetValueOrDefault());
        }
    }

    /// <summary>Writes one element of a non-packed <c>repeated sint32</c> field: tag and value, always.</summary>
    public void WriteSInt32Element(int fieldNumber, int value)
    {
        WriteTag(fieldNumber, WireType.Varint);
        WriteSInt32Value(value);
    }

    /// <summary>Writes an <c>sint32</c> without a tag, for packed repeated fields. Zigzag maps 0, -1, 1, -2 … to 0, 1, 2, 3 ….</summary>
    public void WriteSInt32Value(int value) => WriteVarint32(ZigZag32(value));

    // ---- sint64 ----

    /// <summary>Writes an <c>sint64</c> field (zigzag) unless <paramref name="value"/> is 0 (implicit presence).</summary>
    public void WriteSInt64(int fieldNumber, long value)
    {
        if (value != 0)
        {
            WriteSInt64Element(fieldNumber, value);
        }
    }

    /// <summary>Writes an <c>optional sint64</c> field whenever <paramref name="value"/> has a value, 0 included.</summary>
    public void WriteSInt64(int fieldNumber, long? value)
    {
        if (value.HasValue)
        {
            WriteSInt64Element(fieldNumber, value.GetValueOrDefault());
        }
    }

    /// <summary>Writes one element of a non-packed <c>repeated sint64</c> field: tag and value, always.</summary>
    public void WriteSInt64Element(int fieldNumber, long value)
    {
        WriteTag(fieldNumber, WireType.Varint);
        WriteSInt64Value(value);
    }

    /// <summary>Writes an <c>sint64</c> without a tag (zigzag), for packed repeated fields.</summary>
    public void WriteSInt64Value(long value) => WriteVarint64(ZigZag64(value));

    // ---- fixed32 ----

    /// <summary>Writes a <c>fixed32</c> field unless <paramref name="value"/> is 0 (implicit presence).</summary>
    public void WriteFixed32(int fieldNumber, uint value)
    {
        if (value != 0)
        {
            WriteFixed32Element(fieldNumber, value);
        }
    }

    /// <summary>Writes an <c>optional fixed32</c> field whenever <paramref name="value"/> has a value, 0 included.</summary>
    public void WriteFixed32(int fieldNumber, uint? value)
    {
        if (value.HasValue)
        {
            WriteFixed32Element(fieldNumber, value.GetValueOrDefault());
        }
    }

    /// <summary>Writes one element of a non-packed <c>repeated fixed32</c> field: tag and value, always.</summary>
    public void WriteFixed32Element(int fieldNumber, uint value)
    {
        WriteTag(fieldNumber, WireType.Fixed32);
        WriteFixed32Value(value);
    }

    /// <summary>Writes a <c>fixed32</c> without a tag (4 bytes, little-endian), for packed repeated fields.</summary>
    public void WriteFixed32Value(uint value)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(_buffer.Slice(_position), value);
        _position += 4;
    }

    // ---- fixed64 ----

    /// <summary>Writes a <c>fixed64</c> field unless <paramref name="value"/> is 0 (implicit presence).</summary>
    public void WriteFixed64(int fieldNumber, ulong value)
    {
        if (value != 0)
        {
            WriteFixed64Element(fieldNumber, value);
        }
    }

    /// <summary>Writes an <c>optional fixed64</c> field whenever <paramref name="value"/> has a value, 0 included.</summary>
    public void WriteFixed64(int fieldNumber, ulong? value)
    {
        if (value.HasValue)
        {
            WriteFixed64Element(fieldNumber, value.GetValueOrDefault());
        }
    }

    /// <summary>Writes one element of a non-packed <c>repeated fixed64</c> field: tag and value, always.</summary>
    public void WriteFixed64Element(int fieldNumber, ulong value)
    {
        WriteTag(fieldNumber, WireType.Fixed64);
        WriteFixed64Value(value);
    }

    /// <summary>Writes a <c>fixed64</c> without a tag (8 bytes, little-endian), for packed repeated fields.</summary>
    public void WriteFixed64Value(ulong value)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(_buffer.Slice(_position), value);
        _position += 8;
    }

    // ---- sfixed32 ----

    /// <summary>Writes an <c>sfixed32</c> field unless <paramref name="value"/> is 0 (implicit presence).</summary>
    public void WriteSFixed32(int fieldNumber, int value)
    {
        if (value != 0)
        {
            WriteSFixed32Element(fieldNumber, value);
        }
    }

    /// <summary>Writes an <c>optional sfixed32</c> field whenever <paramref name="value"/> has a value, 0 included.</summary>
    public void WriteSFixed32(int fieldNumber, int? value)
    {
        if (value.HasValue)
        {
            WriteSFixed32Element(fieldNumber, value.GetValueOrDefault());
        }
    }

    /// <summary>Writes one element of a non-packed <c>repeated sfixed32</c> field: tag and value, always.</summary>
    public void WriteSFixed32Element(int fieldNumber, int value)
    {
        WriteTag(fieldNumber, WireType.Fixed32);
        WriteFixed32Value((uint)value);
    }

    /// <summary>Writes an <c>sfixed32</c> without a tag (4 bytes, little-endian two's complement), for packed repeated fields.</summary>
    public void WriteSFixed32Value(int value) => WriteFixed32Value((uint)value);

    // ---- sfixed64 ----

    /// <summary>Writes an <c>sfixed64</c> field unless <paramref name="value"/> is 0 (implicit presence).</summary>
    public void WriteSFixed64(int fieldNumber, long value)
    {
        if (value != 0)
        {
            WriteSFixed64Element(fieldNumber, value);
        }
    }

    /// <summary>Writes an <c>optional sfixed64</c> field whenever <paramref name="value"/> has a value, 0 included.</summary>
    public void WriteSFixed64(int fieldNumber, long? value)
    {
        if (value.HasValue)
        {
            WriteSFixed64Element(fieldNumber, value.GetValueOrDefault());
        }
    }

    /// <summary>Writes one element of a non-packed <c>repeated sfixed64</c> field: tag and value, always.</summary>
    public void WriteSFixed64Element(int fieldNumber, long value)
    {
        WriteTag(fieldNumber, WireType.Fixed64);
        WriteFixed64Value((ulong)value);
    }

    /// <summary>Writes an <c>sfixed64</c> without a tag (8 bytes, little-endian two's complement), for packed repeated fields.</summary>
    public void WriteSFixed64Value(long value) => WriteFixed64Value((ulong)value);

    // ---- float ----

    /// <summary>
    /// Writes a <c>float</c> field unless <paramref name="value"/> is +0.0 (implicit presence). The test is on the
    /// bits, as protobuf's C++ and Java runtimes do it, so -0.0 and NaN are written and keep their sign and payload.
    /// (Google.Protobuf for C# also skips -0.0; a peer reads both encodings.)
    /// </summary>
    public void WriteFloat(int fieldNumber, float value)
    {
        if (BitConverter.SingleToInt32Bits(value) != 0)
        {
            WriteFloatElement(fieldNumber, value);
        }
    }

    /// <summary>Writes an <c>optional float</c> field whenever <paramref name="value"/> has a value, +0.0 included.</summary>
    public void WriteFloat(int fieldNumber, float? value)
    {
        if (value.HasValue)
        {
            WriteFloatElement(fieldNumber, value.GetValueOrDefault());
        }
    }

    /// <summary>Writes one element of a non-packed <c>repeated float</c> field: tag and value, always.</summary>
    public void WriteFloatElement(int fieldNumber, float value)
    {
        WriteTag(fieldNumber, WireType.Fixed32);
        WriteFloatValue(value);
    }

    /// <summary>Writes a <c>float</c> without a tag (4 bytes, IEEE 754 little-endian), for packed repeated fields.</summary>
    public void WriteFloatValue(float value)
    {
        BinaryPrimitives.WriteSingleLittleEndian(_buffer.Slice(_position), value);
        _position += 4;
    }

    // ---- double ----

    /// <summary>
    /// Writes a <c>double</c> field unless <paramref name="value"/> is +0.0 (implicit presence). The test is on the
    /// bits, as protobuf's C++ and Java runtimes do it, so -0.0 and NaN are written and keep their sign and payload.
    /// (Google.Protobuf for C# also skips -0.0; a peer reads both encodings.)
    /// </summary>
    public void WriteDouble(int fieldNumber, double value)
    {
        if (BitConverter.DoubleToInt64Bits(value) != 0)
        {
            WriteDoubleElement(fieldNumber, value);
        }
    }

    /// <summary>Writes an <c>optional double</c> field whenever <paramref name="value"/> has a value, +0.0 included.</summary>
    public void WriteDouble(int fieldNumber, double? value)
    {
        if (value.HasValue)
        {
            WriteDoubleElement(fieldNumber, value.GetValueOrDefault());
        }
    }

    /// <summary>Writes one element of a non-packed <c>repeated double</c> field: tag and value, always.</summary>
    public void WriteDoubleElement(int fieldNumber, double value)
    {
        WriteTag(fieldNumber, WireType.Fixed64);
        WriteDoubleValue(value);
    }

    /// <summary>Writes a <c>double</c> without a tag (8 bytes, IEEE 754 little-endian), for packed repeated fields.</summary>
    public void WriteDoubleValue(double value)
    {
        BinaryPrimitives.WriteDoubleLittleEndian(_buffer.Slice(_position), value);
        _position += 8;
    }

    // ---- string ----

    /// <summary>
    /// Writes a <c>string</c> field as UTF-8 unless <paramref name="value"/> is <see langword="null"/> or ""
    /// (implicit presence). Unpaired surrogates, which UTF-8 cannot carry, are written as U+FFFD.
    /// </summary>
    public void WriteString(int fieldNumber, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            WriteStringCore(fieldNumber, value);
        }
    }

    /// <summary>Writes an <c>optional string</c> field whenever <paramref name="value"/> is not <see langword="null"/>, "" included.</summary>
    public void WriteOptionalString(int fieldNumber, string? value)
    {
        if (value is not null)
        {
            WriteStringCore(fieldNumber, value);
        }
    }

    /// <summary>Writes one element of a <c>repeated string</c> field: tag, length and UTF-8 bytes, always.</summary>
    /// <exception cref="RpcException"><paramref name="value"/> is <see langword="null"/> (<see cref="RpcStatusCode.InvalidArgument"/>).</exception>
    public void WriteStringElement(int fieldNumber, string value)
    {
        if (value is null)
        {
            ThrowNullElement(fieldNumber, "string");
        }

        WriteStringCore(fieldNumber, value);
    }

    private void WriteStringCore(int fieldNumber, string value)
    {
        WriteTag(fieldNumber, WireType.LengthDelimited);

        // Every UTF-16 char becomes 1 to 3 UTF-8 bytes. When both bounds need the same prefix size, reserve the prefix,
        // encode straight into place and fill the length in afterwards: one pass over the string instead of two.
        int minPrefix = ProtoSize.Varint32((uint)value.Length);
        if (minPrefix == ProtoSize.Varint32((uint)value.Length * 3))
        {
            int start = _position;
            int written = Encoding.UTF8.GetBytes(value, _buffer.Slice(start + minPrefix));
            WriteLength(written);
            _position = start + minPrefix + written;
            return;
        }

        WriteLength(Encoding.UTF8.GetByteCount(value));
        _position += Encoding.UTF8.GetBytes(value, _buffer.Slice(_position));
    }

    // ---- bytes ----

    /// <summary>Writes a <c>bytes</c> field unless <paramref name="value"/> is <see langword="null"/> or empty (implicit presence).</summary>
    public void WriteBytes(int fieldNumber, byte[]? value)
    {
        if (value is not null && value.Length != 0)
        {
            WriteBytesCore(fieldNumber, value);
        }
    }

    /// <summary>Writes a <c>bytes</c> field unless <paramref name="value"/> is empty (implicit presence).</summary>
    public void WriteBytes(int fieldNumber, ReadOnlyMemory<byte> value)
    {
        if (!value.IsEmpty)
        {
            WriteBytesCore(fieldNumber, value.Span);
        }
    }

    /// <summary>Writes an <c>optional bytes</c> field whenever <paramref name="value"/> is not <see langword="null"/>, empty included.</summary>
    public void WriteOptionalBytes(int fieldNumber, byte[]? value)
    {
        if (value is not null)
        {
            WriteBytesCore(fieldNumber, value);
        }
    }

    /// <summary>Writes one element of a <c>repeated bytes</c> field: tag, length and bytes, always.</summary>
    /// <exception cref="RpcException"><paramref name="value"/> is <see langword="null"/> (<see cref="RpcStatusCode.InvalidArgument"/>).</exception>
    public void WriteBytesElement(int fieldNumber, byte[] value)
    {
        if (value is null)
        {
            ThrowNullElement(fieldNumber, "bytes");
        }

        WriteBytesCore(fieldNumber, value);
    }

    /// <summary>Writes one element of a <c>repeated bytes</c> field: tag, length and bytes, always.</summary>
    public void WriteBytesElement(int fieldNumber, ReadOnlyMemory<byte> value) => WriteBytesCore(fieldNumber, value.Span);

    private void WriteBytesCore(int fieldNumber, ReadOnlySpan<byte> value)
    {
        WriteTag(fieldNumber, WireType.LengthDelimited);
        WriteLength(value.Length);
        WriteRawBytes(value);
    }

    // ---- decimal ----

    /// <summary>
    /// Writes a <see cref="decimal"/> unless it equals 0m at any scale (implicit presence). On the wire it is a proto
    /// <c>string</c> holding <c>value.ToString(CultureInfo.InvariantCulture)</c>, e.g. "12.50": exact, with its scale,
    /// and readable by any peer that parses decimal text.
    /// </summary>
    public void WriteDecimal(int fieldNumber, decimal value)
    {
        if (value != 0m)
        {
            WriteDecimalElement(fieldNumber, value);
        }
    }

    /// <summary>Writes an optional <see cref="decimal"/> (as a proto <c>string</c>) whenever <paramref name="value"/> has a value, 0m included.</summary>
    public void WriteDecimal(int fieldNumber, decimal? value)
    {
        if (value.HasValue)
        {
            WriteDecimalElement(fieldNumber, value.GetValueOrDefault());
        }
    }

    /// <summary>Writes one <see cref="decimal"/> element (as a proto <c>string</c>) of a repeated field, always.</summary>
    public void WriteDecimalElement(int fieldNumber, decimal value)
    {
        WriteTag(fieldNumber, WireType.LengthDelimited);

        // The text is at most 31 bytes, so the length prefix is one byte: format in place, then fill it in.
        int start = _position;
        int written = ProtoSize.FormatDecimal(value, _buffer.Slice(start + 1));
        _buffer[start] = (byte)written;
        _position = start + 1 + written;
    }

    // ---- Guid ----

    /// <summary>
    /// Writes a <see cref="Guid"/> unless it is <see cref="Guid.Empty"/> (implicit presence). On the wire it is a proto
    /// <c>string</c> in "D" format: 36 lowercase hex digits and hyphens, e.g. "0f8fad5b-d9cb-469f-a165-70867728950e".
    /// </summary>
    public void WriteGuid(int fieldNumber, Guid value)
    {
        if (value != Guid.Empty)
        {
            WriteGuidElement(fieldNumber, value);
        }
    }

    /// <summary>Writes an optional <see cref="Guid"/> (as a proto <c>string</c>) whenever <paramref name="value"/> has a value, <see cref="Guid.Empty"/> included.</summary>
    public void WriteGuid(int fieldNumber, Guid? value)
    {
        if (value.HasValue)
        {
            WriteGuidElement(fieldNumber, value.GetValueOrDefault());
        }
    }

    /// <summary>Writes one <see cref="Guid"/> element (as a proto <c>string</c>) of a repeated field, always.</summary>
    public void WriteGuidElement(int fieldNumber, Guid value)
    {
        WriteTag(fieldNumber, WireType.LengthDelimited);
        WriteLength(ProtoSize.GuidTextLength);
        if (!value.TryFormat(_buffer.Slice(_position), out int written, "D"))
        {
            throw new ArgumentException("The destination is too small for the Guid text; the size was computed wrong.");
        }

        _position += written;
    }

    // ---- DateTime ----

    /// <summary>
    /// Writes a <see cref="DateTime"/> unless it is <c>default(DateTime)</c> (implicit presence). On the wire it is an
    /// embedded <c>google.protobuf.Timestamp</c>: field 1 int64 seconds since the Unix epoch (floored) and field 2
    /// int32 nanos in 0..999,999,999, zeros omitted as Google.Protobuf omits them. Local times are converted with
    /// <see cref="DateTime.ToUniversalTime"/>; Unspecified times are taken as UTC. Precision is 100 ns.
    /// </summary>
    public void WriteDateTime(int fieldNumber, DateTime value)
    {
        if (value != default)
        {
            WriteDateTimeElement(fieldNumber, value);
        }
    }

    /// <summary>Writes an optional <see cref="DateTime"/> (as a Timestamp) whenever <paramref name="value"/> has a value, <c>default(DateTime)</c> included.</summary>
    public void WriteDateTime(int fieldNumber, DateTime? value)
    {
        if (value.HasValue)
        {
            WriteDateTimeElement(fieldNumber, value.GetValueOrDefault());
        }
    }

    /// <summary>Writes one <see cref="DateTime"/> element (as a Timestamp) of a repeated field, always.</summary>
    public void WriteDateTimeElement(int fieldNumber, DateTime value) => WriteTimestamp(fieldNumber, ProtoSize.UtcTicks(value));

    // ---- DateTimeOffset ----

    /// <summary>
    /// Writes a <see cref="DateTimeOffset"/> unless it is <c>default(DateTimeOffset)</c> (implicit presence). On the
    /// wire it is the <c>google.protobuf.Timestamp</c> of its UTC instant, as for <see cref="DateTime"/>; the offset is
    /// not sent, and readers get the same instant with offset zero.
    /// </summary>
    public void WriteDateTimeOffset(int fieldNumber, DateTimeOffset value)
    {
        if (value != default)
        {
            WriteDateTimeOffsetElement(fieldNumber, value);
        }
    }

    /// <summary>Writes an optional <see cref="DateTimeOffset"/> (as a Timestamp) whenever <paramref name="value"/> has a value, the default included.</summary>
    public void WriteDateTimeOffset(int fieldNumber, DateTimeOffset? value)
    {
        if (value.HasValue)
        {
            WriteDateTimeOffsetElement(fieldNumber, value.GetValueOrDefault());
        }
    }

    /// <summary>Writes one <see cref="DateTimeOffset"/> element (as a Timestamp) of a repeated field, always.</summary>
    public void WriteDateTimeOffsetElement(int fieldNumber, DateTimeOffset value) => WriteTimestamp(fieldNumber, value.UtcTicks);

    // ---- TimeSpan ----

    /// <summary>
    /// Writes a <see cref="TimeSpan"/> unless it is <see cref="TimeSpan.Zero"/> (implicit presence). On the wire it is an
    /// embedded <c>google.protobuf.Duration</c>: field 1 int64 seconds and field 2 int32 nanos, both with the sign of
    /// the span (truncated toward zero), zeros omitted. Precision is 100 ns. Google.Protobuf's
    /// <c>Duration.ToTimeSpan</c> only accepts ±10,000 years; longer spans decode only in Junction.
    /// </summary>
    public void WriteTimeSpan(int fieldNumber, TimeSpan value)
    {
        if (value.Ticks != 0)
        {
            WriteTimeSpanElement(fieldNumber, value);
        }
    }

    /// <summary>Writes an optional <see cref="TimeSpan"/> (as a Duration) whenever <paramref name="value"/> has a value, <see cref="TimeSpan.Zero"/> included.</summary>
    public void WriteTimeSpan(int fieldNumber, TimeSpan? value)
    {
        if (value.HasValue)
        {
            WriteTimeSpanElement(fieldNumber, value.GetValueOrDefault());
        }
    }

    /// <summary>Writes one <see cref="TimeSpan"/> element (as a Duration) of a repeated field, always.</summary>
    public void WriteTimeSpanElement(int fieldNumber, TimeSpan value)
    {
        ProtoSize.SplitDuration(value.Ticks, out long seconds, out int nanos);
        WriteSecondsNanos(fieldNumber, seconds, nanos);
    }

    private void WriteTimestamp(int fieldNumber, long utcTicks)
    {
        ProtoSize.SplitTimestamp(utcTicks, out long seconds, out int nanos);
        WriteSecondsNanos(fieldNumber, seconds, nanos);
    }

    /// <summary>Timestamp and Duration share one layout: {1: int64 seconds, 2: int32 nanos}.</summary>
    private void WriteSecondsNanos(int fieldNumber, long seconds, int nanos)
    {
        WriteTag(fieldNumber, WireType.LengthDelimited);
        WriteLength(ProtoSize.SecondsNanosBodySize(seconds, nanos));
        WriteInt64(1, seconds);
        WriteInt32(2, nanos);
    }

    // ---- helpers shared with ProtoSize and ProtoReader ----

    internal static uint ZigZag32(int value) => (uint)((value << 1) ^ (value >> 31));

    internal static ulong ZigZag64(long value) => (ulong)((value << 1) ^ (value >> 63));

    [DoesNotReturn]
    internal static void ThrowNullElement(int fieldNumber, string kind) =>
        throw new RpcException(
            RpcStatusCode.InvalidArgument,
            $"Repeated {kind} field {fieldNumber} contains a null element; repeated fields cannot hold null. Remove the null entries or use empty values.");
}
