using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Junction.Bench.Bare;

/// <summary>
/// The frame of docs/protocol.md, written out by hand for the baseline: a 16-byte big-endian header (magic, flags,
/// status, request id, body length), then the body. Nothing here is shared with Junction's implementation.
/// </summary>
internal static class BareFrame
{
    public const int HeaderSize = 16;
    public const ushort Magic = 0x4A43;
    public const byte Request = 1;
    public const byte TwoWay = 2;

    public static void WriteHeader(Span<byte> destination, byte flags, long id, int length)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, Magic);
        destination[2] = flags;
        destination[3] = 0;
        BinaryPrimitives.WriteInt64BigEndian(destination[4..], id);
        BinaryPrimitives.WriteInt32BigEndian(destination[12..], length);
    }

    public static void WriteId(Span<byte> frame, long id) => BinaryPrimitives.WriteInt64BigEndian(frame[4..], id);

    /// <summary>Splits one whole frame off the front of <paramref name="buffer"/>; false when it is not all buffered yet.</summary>
    public static bool TryReadFrame(ref ReadOnlySequence<byte> buffer, out long id, out ReadOnlySequence<byte> body)
    {
        id = 0;
        body = default;
        if (buffer.Length < HeaderSize)
        {
            return false;
        }

        Span<byte> header = stackalloc byte[HeaderSize];
        buffer.Slice(0, HeaderSize).CopyTo(header);
        if (BinaryPrimitives.ReadUInt16BigEndian(header) != Magic)
        {
            throw new InvalidDataException("A frame does not start with the magic bytes.");
        }

        var length = BinaryPrimitives.ReadInt32BigEndian(header[12..]);
        if (length < 0 || buffer.Length - HeaderSize < length)
        {
            return false;
        }

        id = BinaryPrimitives.ReadInt64BigEndian(header[4..]);
        body = buffer.Slice(HeaderSize, length);
        buffer = buffer.Slice(body.End);
        return true;
    }

    public static int VarintSize(ulong value)
    {
        var size = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            size++;
        }

        return size;
    }

    public static int WriteVarint(Span<byte> destination, ulong value)
    {
        var i = 0;
        while (value >= 0x80)
        {
            destination[i++] = (byte)(value | 0x80);
            value >>= 7;
        }

        destination[i++] = (byte)value;
        return i;
    }

    public static ulong ReadVarint(ref SequenceReader<byte> reader)
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (!reader.TryRead(out var b))
            {
                throw new InvalidDataException("A varint runs past the end of the body.");
            }

            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }

        throw new InvalidDataException("A varint is longer than 10 bytes.");
    }

    /// <summary>Skips a length-prefixed string without decoding it.</summary>
    public static void SkipString(ref SequenceReader<byte> reader)
    {
        var length = ReadVarint(ref reader);
        if (length > (ulong)reader.Remaining)
        {
            throw new InvalidDataException("A string runs past the end of the body.");
        }

        reader.Advance((long)length);
    }

    /// <summary>Skips the attachments (a count, then key and value strings).</summary>
    public static void SkipAttachments(ref SequenceReader<byte> reader)
    {
        var count = ReadVarint(ref reader);
        for (ulong i = 0; i < count; i++)
        {
            SkipString(ref reader);
            SkipString(ref reader);
        }
    }

    public static int WriteString(Span<byte> destination, string value)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        var offset = WriteVarint(destination, (ulong)length);
        return offset + Encoding.UTF8.GetBytes(value, destination[offset..]);
    }

    public static int StringSize(string value)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        return VarintSize((ulong)length) + length;
    }

    /// <summary>Copies a (possibly multi-segment) sequence into a writer.</summary>
    public static void Copy(in ReadOnlySequence<byte> source, IBufferWriter<byte> destination)
    {
        foreach (var segment in source)
        {
            destination.Write(segment.Span);
        }
    }
}
