using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using System.Text.Unicode;

namespace Junction.Serialization;

/// <summary>
/// Reads proto3 wire format from a span, as written by <see cref="ProtoWriter"/> or by any protobuf implementation.
/// </summary>
/// <remarks>
/// <para>
/// A generated deserializer loops on <see cref="TryReadTag"/>, switches on the whole tag
/// (<c>fieldNumber &lt;&lt; 3 | wireType</c>) and calls <see cref="SkipField"/> in its <c>default</c> branch, so
/// unknown fields and fields with an unexpected wire type are skipped rather than misread.
/// </para>
/// <para>
/// Every malformed input throws <see cref="RpcException"/> with <see cref="RpcStatusCode.Internal"/> and a message
/// that names the problem and its byte offset from the start of the outermost message. Lengths are checked against
/// the remaining bytes before anything is allocated, and nesting is limited to <see cref="MaxDepth"/> levels.
/// </para>
/// </remarks>
public ref struct ProtoReader
{
    /// <summary>
    /// How deeply embedded messages, packed fields and groups may nest, as in Google.Protobuf's default recursion
    /// limit. It bounds the stack a hostile payload can make a recursive deserializer use.
    /// </summary>
    public const int MaxDepth = 100;

    private const long MinTimestampSeconds = -ProtoSize.UnixEpochSeconds;

    /// <summary>9999-12-31T23:59:59Z, the last whole second a <see cref="DateTime"/> can hold.</summary>
    private const long MaxTimestampSeconds = 253_402_300_799;

    private const long MaxDurationSeconds = long.MaxValue / ProtoSize.TicksPerSecond;
    private const int MaxNanos = 999_999_999;

    private readonly ReadOnlySpan<byte> _buffer;

    /// <summary>Offset of <see cref="_buffer"/> inside the outermost message, so errors in nested readers point at the real byte.</summary>
    private readonly int _origin;

    private readonly int _depth;
    private int _position;

    /// <summary>Creates a reader over a whole message.</summary>
    public ProtoReader(ReadOnlySpan<byte> source)
        : this(source, 0, 0)
    {
    }

    private ProtoReader(ReadOnlySpan<byte> source, int origin, int depth)
    {
        _buffer = source;
        _origin = origin;
        _depth = depth;
        _position = 0;
    }

    /// <summary>Whether every byte of this reader's span has been consumed.</summary>
    public readonly bool IsAtEnd => _position >= _buffer.Length;

    /// <summary>The number of bytes of this reader's span consumed so far.</summary>
    public readonly int Position => _position;

    // ---- tags and structure ----

    /// <summary>
    /// Reads the next field tag, <c>fieldNumber &lt;&lt; 3 | wireType</c>, or returns <see langword="false"/> at the
    /// end of the span.
    /// </summary>
    /// <exception cref="RpcException">The tag is truncated, has field number 0 or wire type 6 or 7.</exception>
    public bool TryReadTag(out uint tag)
    {
        if (_position >= _buffer.Length)
        {
            tag = 0;
            return false;
        }

        int start = _position;

        // Tags are nearly always one byte (fields 1 to 15).
        byte first = _buffer[start];
        if (first < 0x80)
        {
            _position = start + 1;
            tag = first;
        }
        else
        {
            ulong raw = ReadVarintSlow();
            if (raw > uint.MaxValue)
            {
                ThrowInvalidTag(raw, Offset(start));
            }

            tag = (uint)raw;
        }

        if ((tag >> 3) == 0 || (tag & 7) > (uint)WireType.Fixed32)
        {
            ThrowInvalidTag(tag, Offset(start));
        }

        return true;
    }

    /// <summary>
    /// Skips the value of a field whose tag was just read, whatever its wire type: an unknown field, or a known field
    /// with an unexpected wire type. Groups are skipped up to their matching end-group tag.
    /// </summary>
    /// <exception cref="RpcException">The value is truncated, a group is unterminated, or <paramref name="tag"/> is an end-group tag with no start.</exception>
    public void SkipField(uint tag)
    {
        switch ((WireType)(tag & 7))
        {
            case WireType.Varint:
                ReadVarint64();
                break;
            case WireType.Fixed64:
                Advance(8);
                break;
            case WireType.LengthDelimited:
                int length = ReadLength();
                _position += length;
                break;
            case WireType.StartGroup:
                SkipGroup(tag >> 3, _position, _depth + 1);
                break;
            case WireType.Fixed32:
                Advance(4);
                break;
            case WireType.EndGroup:
                ThrowMalformed($"end-group tag for field {tag >> 3} before byte {Offset(_position)} has no matching start-group tag.");
                break;
            default:
                ThrowMalformed($"invalid wire type {tag & 7} before byte {Offset(_position)}.");
                break;
        }
    }

    /// <summary>
    /// Reads a length prefix and returns a reader over exactly that many bytes, one level deeper: for embedded
    /// messages, packed repeated fields and map entries. This reader moves past them.
    /// </summary>
    /// <exception cref="RpcException">The length is invalid or nesting goes deeper than <see cref="MaxDepth"/>.</exception>
    public ProtoReader ReadNested()
    {
        int start = _position;
        int length = ReadLength();
        if (_depth >= MaxDepth)
        {
            ThrowTooDeep("the embedded message", Offset(start));
        }

        int bodyStart = _position;
        _position += length;
        return new ProtoReader(_buffer.Slice(bodyStart, length), _origin + bodyStart, _depth + 1);
    }

    /// <summary>Reads a length prefix and returns the bytes it announces, without copying them.</summary>
    /// <exception cref="RpcException">The length is negative or runs past the end of the message.</exception>
    public ReadOnlySpan<byte> ReadLengthDelimited()
    {
        int length = ReadLength();
        int bodyStart = _position;
        _position += length;
        return _buffer.Slice(bodyStart, length);
    }

    /// <summary>Reads a base-128 varint of up to 10 bytes and keeps its low 32 bits, as protobuf does for 32-bit fields.</summary>
    /// <exception cref="RpcException">The varint is truncated or longer than 10 bytes.</exception>
    public uint ReadVarint32() => (uint)ReadVarint64();

    /// <summary>Reads a base-128 varint of up to 10 bytes.</summary>
    /// <exception cref="RpcException">The varint is truncated or longer than 10 bytes.</exception>
    public ulong ReadVarint64()
    {
        int position = _position;
        if (position < _buffer.Length)
        {
            byte first = _buffer[position];
            if (first < 0x80)
            {
                _position = position + 1;
                return first;
            }
        }

        return ReadVarintSlow();
    }

    // ---- scalars ----

    /// <summary>Reads a <c>bool</c>: any non-zero varint is <see langword="true"/>.</summary>
    public bool ReadBool() => ReadVarint64() != 0;

    /// <summary>Reads an <c>int32</c>: a varint truncated to 32 bits, so int64 values written by a peer wrap as in protobuf.</summary>
    public int ReadInt32() => (int)ReadVarint64();

    /// <summary>Reads an <c>int64</c>.</summary>
    public long ReadInt64() => (long)ReadVarint64();

    /// <summary>Reads a <c>uint32</c>: a varint truncated to 32 bits.</summary>
    public uint ReadUInt32() => (uint)ReadVarint64();

    /// <summary>Reads a <c>uint64</c>.</summary>
    public ulong ReadUInt64() => ReadVarint64();

    /// <summary>Reads an <c>sint32</c> (zigzag).</summary>
    public int ReadSInt32()
    {
        uint n = ReadVarint32();
        return (int)(n >> 1) ^ -(int)(n & 1);
    }

    /// <summary>Reads an <c>sint64</c> (zigzag).</summary>
    public long ReadSInt64()
    {
        ulong n = ReadVarint64();
        return (long)(n >> 1) ^ -(long)(n & 1);
    }

    /// <summary>Reads a <c>fixed32</c>: 4 bytes, little-endian.</summary>
    public uint ReadFixed32() => BinaryPrimitives.ReadUInt32LittleEndian(Advance(4));

    /// <summary>Reads a <c>fixed64</c>: 8 bytes, little-endian.</summary>
    public ulong ReadFixed64() => BinaryPrimitives.ReadUInt64LittleEndian(Advance(8));

    /// <summary>Reads an <c>sfixed32</c>: 4 bytes, little-endian two's complement.</summary>
    public int ReadSFixed32() => BinaryPrimitives.ReadInt32LittleEndian(Advance(4));

    /// <summary>Reads an <c>sfixed64</c>: 8 bytes, little-endian two's complement.</summary>
    public long ReadSFixed64() => BinaryPrimitives.ReadInt64LittleEndian(Advance(8));

    /// <summary>Reads a <c>float</c>: 4 bytes, IEEE 754 little-endian.</summary>
    public float ReadFloat() => BinaryPrimitives.ReadSingleLittleEndian(Advance(4));

    /// <summary>Reads a <c>double</c>: 8 bytes, IEEE 754 little-endian.</summary>
    public double ReadDouble() => BinaryPrimitives.ReadDoubleLittleEndian(Advance(8));

    /// <summary>Reads a <c>string</c>.</summary>
    /// <exception cref="RpcException">The bytes are not valid UTF-8, or the length is invalid.</exception>
    public string ReadString()
    {
        int start = _position;
        ReadOnlySpan<byte> utf8 = ReadLengthDelimited();
        if (!Utf8.IsValid(utf8))
        {
            ThrowMalformed($"the string at byte {Offset(start)} is not valid UTF-8.");
        }

        return Encoding.UTF8.GetString(utf8);
    }

    /// <summary>Reads a <c>bytes</c> field into a new array (the shared empty array when the field is empty).</summary>
    public byte[] ReadBytes() => ReadLengthDelimited().ToArray();

    /// <summary>Reads a <c>bytes</c> field into a copy that does not depend on the input buffer.</summary>
    public ReadOnlyMemory<byte> ReadBytesMemory() => ReadLengthDelimited().ToArray();

    // ---- .NET types with a Junction encoding (see ProtoWriter) ----

    /// <summary>
    /// Reads a <see cref="decimal"/> sent as a proto <c>string</c>, parsed with the invariant culture (digits, sign,
    /// decimal point and exponent). An empty string, the proto3 default, reads as 0m.
    /// </summary>
    /// <exception cref="RpcException">The text is not a number that fits in a <see cref="decimal"/>.</exception>
    public decimal ReadDecimal()
    {
        int start = _position;
        ReadOnlySpan<byte> utf8 = ReadLengthDelimited();
        if (utf8.IsEmpty)
        {
            return 0m;
        }

        if (!decimal.TryParse(utf8, NumberStyles.Number | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out decimal value))
        {
            ThrowMalformed($"the decimal at byte {Offset(start)} is not a number that fits in System.Decimal ({utf8.Length} bytes of text).");
        }

        return value;
    }

    /// <summary>
    /// Reads a <see cref="Guid"/> sent as a proto <c>string</c>: "D" format or any other format
    /// <see cref="Guid.TryParse(string, out Guid)"/> accepts. An empty string, the proto3 default, reads as <see cref="Guid.Empty"/>.
    /// </summary>
    /// <exception cref="RpcException">The text is not a GUID.</exception>
    public Guid ReadGuid()
    {
        int start = _position;
        ReadOnlySpan<byte> utf8 = ReadLengthDelimited();
        if (utf8.IsEmpty)
        {
            return Guid.Empty;
        }

        if (!Guid.TryParse(utf8, out Guid value))
        {
            ThrowMalformed($"the Guid at byte {Offset(start)} is not a GUID ({utf8.Length} bytes of text).");
        }

        return value;
    }

    /// <summary>Reads a <c>google.protobuf.Timestamp</c> as a UTC <see cref="DateTime"/>, truncated to 100 ns.</summary>
    /// <exception cref="RpcException">The nanos are outside 0..999,999,999 or the instant is outside what <see cref="DateTime"/> holds.</exception>
    public DateTime ReadDateTime() => new(ReadTimestampTicks(), DateTimeKind.Utc);

    /// <summary>Reads a <c>google.protobuf.Timestamp</c> as a <see cref="DateTimeOffset"/> with offset zero, truncated to 100 ns.</summary>
    /// <exception cref="RpcException">The nanos are outside 0..999,999,999 or the instant is outside what <see cref="DateTimeOffset"/> holds.</exception>
    public DateTimeOffset ReadDateTimeOffset() => new(ReadTimestampTicks(), TimeSpan.Zero);

    /// <summary>Reads a <c>google.protobuf.Duration</c> as a <see cref="TimeSpan"/>, truncated toward zero to 100 ns.</summary>
    /// <exception cref="RpcException">
    /// The nanos are outside ±999,999,999, seconds and nanos have opposite signs, or the span is outside what
    /// <see cref="TimeSpan"/> holds.
    /// </exception>
    public TimeSpan ReadTimeSpan()
    {
        int start = _position;
        ReadSecondsNanos(out long seconds, out int nanos);
        if (nanos < -MaxNanos || nanos > MaxNanos)
        {
            ThrowMalformed($"the Duration at byte {Offset(start)} has nanos {nanos}, outside -999999999..999999999.");
        }

        if ((seconds < 0 && nanos > 0) || (seconds > 0 && nanos < 0))
        {
            ThrowMalformed($"the Duration at byte {Offset(start)} has seconds {seconds} and nanos {nanos} of opposite signs.");
        }

        long fraction = nanos / ProtoSize.NanosPerTick;
        if (seconds < -MaxDurationSeconds || seconds > MaxDurationSeconds
            || (fraction > 0 && seconds * ProtoSize.TicksPerSecond > long.MaxValue - fraction)
            || (fraction < 0 && seconds * ProtoSize.TicksPerSecond < long.MinValue - fraction))
        {
            ThrowMalformed($"the Duration at byte {Offset(start)} ({seconds} s, {nanos} ns) is outside the range of System.TimeSpan.");
        }

        return new TimeSpan((seconds * ProtoSize.TicksPerSecond) + fraction);
    }

    private long ReadTimestampTicks()
    {
        int start = _position;
        ReadSecondsNanos(out long seconds, out int nanos);
        if (nanos < 0 || nanos > MaxNanos)
        {
            ThrowMalformed($"the Timestamp at byte {Offset(start)} has nanos {nanos}, outside 0..999999999.");
        }

        if (seconds < MinTimestampSeconds || seconds > MaxTimestampSeconds)
        {
            ThrowMalformed($"the Timestamp at byte {Offset(start)} has seconds {seconds}, outside years 0001..9999 that System.DateTime holds.");
        }

        return ((seconds + ProtoSize.UnixEpochSeconds) * ProtoSize.TicksPerSecond) + (nanos / ProtoSize.NanosPerTick);
    }

    /// <summary>Reads the {1: int64 seconds, 2: int32 nanos} message shared by Timestamp and Duration; other fields are skipped.</summary>
    private void ReadSecondsNanos(out long seconds, out int nanos)
    {
        seconds = 0;
        nanos = 0;
        ProtoReader body = ReadNested();
        while (body.TryReadTag(out uint tag))
        {
            switch (tag)
            {
                case (1 << 3) | (uint)WireType.Varint:
                    seconds = body.ReadInt64();
                    break;
                case (2 << 3) | (uint)WireType.Varint:
                    nanos = body.ReadInt32();
                    break;
                default:
                    body.SkipField(tag);
                    break;
            }
        }
    }

    // ---- primitives ----

    /// <summary>Reads a length prefix and checks it against the bytes left, so no caller allocates for a bogus length.</summary>
    private int ReadLength()
    {
        int start = _position;
        ulong raw = ReadVarint64();
        int remaining = _buffer.Length - _position;
        if (raw > (ulong)remaining)
        {
            ThrowBadLength(raw, Offset(start), Offset(_buffer.Length));
        }

        return (int)raw;
    }

    /// <summary>Moves past <paramref name="count"/> bytes and returns them, or throws when fewer are left.</summary>
    private ReadOnlySpan<byte> Advance(int count)
    {
        int start = _position;
        if (_buffer.Length - start < count)
        {
            ThrowTruncated(count == 4 ? "4-byte fixed-width value" : "8-byte fixed-width value", Offset(start), Offset(_buffer.Length));
        }

        _position = start + count;
        return _buffer.Slice(start, count);
    }

    private ulong ReadVarintSlow()
    {
        ReadOnlySpan<byte> buffer = _buffer;
        int start = _position;
        int position = start;
        ulong result = 0;
        for (int shift = 0; shift < 70; shift += 7)
        {
            if (position >= buffer.Length)
            {
                ThrowTruncated("varint", Offset(start), Offset(buffer.Length));
            }

            byte b = buffer[position++];

            // Bits past the 64th, possible only in the 10th byte, are dropped as Google.Protobuf drops them.
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                _position = position;
                return result;
            }
        }

        ThrowVarintTooLong(Offset(start));
        return 0;
    }

    /// <summary>
    /// Skips fields up to the end-group tag of <paramref name="fieldNumber"/>. Recursion for nested groups is bounded by
    /// <see cref="MaxDepth"/>, so a run of start-group tags cannot exhaust the stack.
    /// </summary>
    private void SkipGroup(uint fieldNumber, int groupStart, int depth)
    {
        if (depth > MaxDepth)
        {
            ThrowTooDeep($"the group for field {fieldNumber}", Offset(groupStart));
        }

        while (TryReadTag(out uint tag))
        {
            switch ((WireType)(tag & 7))
            {
                case WireType.EndGroup:
                    if ((tag >> 3) != fieldNumber)
                    {
                        ThrowMalformed($"the group for field {fieldNumber} before byte {Offset(groupStart)} is closed by an end-group tag for field {tag >> 3}.");
                    }

                    return;
                case WireType.StartGroup:
                    SkipGroup(tag >> 3, _position, depth + 1);
                    break;
                default:
                    SkipField(tag);
                    break;
            }
        }

        ThrowMalformed($"the group for field {fieldNumber} before byte {Offset(groupStart)} has no end-group tag before the end of the message at byte {Offset(_buffer.Length)}.");
    }

    private readonly int Offset(int position) => _origin + position;

    // The throw helpers below keep message formatting out of the callers, so the checks on the hot path stay small
    // enough to inline.

    [DoesNotReturn]
    private static void ThrowMalformed(string problem) =>
        throw new RpcException(RpcStatusCode.Internal, "Malformed protobuf payload: " + problem);

    [DoesNotReturn]
    private static void ThrowInvalidTag(ulong tag, int offset) =>
        ThrowMalformed($"invalid tag {tag} (field {tag >> 3}, wire type {tag & 7}) at byte {offset}; field numbers start at 1 and wire types go up to 5.");

    [DoesNotReturn]
    private static void ThrowTruncated(string what, int offset, int end) =>
        ThrowMalformed($"the {what} at byte {offset} is cut off by the end of the message at byte {end}.");

    [DoesNotReturn]
    private static void ThrowVarintTooLong(int offset) =>
        ThrowMalformed($"the varint at byte {offset} is longer than 10 bytes.");

    [DoesNotReturn]
    private static void ThrowBadLength(ulong raw, int offset, int end)
    {
        // Peers write lengths as uint32 and a negative int32 sign-extended to 64 bits reads the same way; name both.
        long signed = raw <= uint.MaxValue ? (int)(uint)raw : (long)raw;
        if (signed < 0)
        {
            ThrowMalformed($"negative length prefix {signed} at byte {offset}.");
        }

        ThrowMalformed($"length prefix {raw} at byte {offset} runs past the end of the message at byte {end}.");
    }

    [DoesNotReturn]
    private static void ThrowTooDeep(string what, int offset) =>
        ThrowMalformed($"{what} at byte {offset} is nested more than {MaxDepth} levels deep.");
}
