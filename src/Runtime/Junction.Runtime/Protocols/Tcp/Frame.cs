using System.Buffers;
using System.Buffers.Binary;
using System.Numerics;
using System.Text;

namespace Junction.Protocols.Tcp;

/// <summary>The frame layout of docs/protocol.md: a 16-byte big-endian header, then the body.</summary>
internal static class Frame
{
    public const int HeaderSize = 16;
    public const ushort Magic = 0x4A43;

    public const byte Request = 1;
    public const byte TwoWay = 2;
    public const byte Heartbeat = 4;
    public const byte Event = 8;

    public const byte EventReadOnly = 1;
    public const byte EventCancel = 2;
    public const byte EventRefused = 3;

    public static void WriteHeader(Span<byte> destination, byte flags, byte status, long id, int length)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, Magic);
        destination[2] = flags;
        destination[3] = status;
        BinaryPrimitives.WriteInt64BigEndian(destination[4..], id);
        BinaryPrimitives.WriteInt32BigEndian(destination[12..], length);
    }

    /// <summary>Reads a header; false when fewer than 16 bytes are buffered.</summary>
    public static bool TryReadHeader(in ReadOnlySequence<byte> buffer, out FrameHeader header)
    {
        if (buffer.Length < HeaderSize)
        {
            header = default;
            return false;
        }

        Span<byte> bytes = stackalloc byte[HeaderSize];
        buffer.Slice(0, HeaderSize).CopyTo(bytes);
        header = new FrameHeader(
            BinaryPrimitives.ReadUInt16BigEndian(bytes),
            bytes[2],
            bytes[3],
            BinaryPrimitives.ReadInt64BigEndian(bytes[4..]),
            BinaryPrimitives.ReadInt32BigEndian(bytes[12..]));
        return true;
    }

    /// <summary>
    /// Takes one whole frame off the front of <paramref name="buffer"/>; false when more bytes are needed. Wrong magic
    /// or a length over <paramref name="maxMessageSize"/> throws <see cref="FrameException"/>, which closes the connection.
    /// </summary>
    public static bool TryReadFrame(ref ReadOnlySequence<byte> buffer, int maxMessageSize, out FrameHeader header, out ReadOnlySequence<byte> body)
    {
        body = default;
        if (!TryReadHeader(buffer, out header))
        {
            return false;
        }

        if (header.Magic != Magic)
        {
            throw new FrameException($"wrong magic 0x{header.Magic:X4}, expected 0x{Magic:X4}");
        }

        if (header.Length < 0 || header.Length > maxMessageSize)
        {
            throw new FrameException($"a frame of {(uint)header.Length} bytes is over the {maxMessageSize}-byte limit (TcpOptions.MaxMessageSize)");
        }

        if (buffer.Length < HeaderSize + header.Length)
        {
            return false;
        }

        body = buffer.Slice(HeaderSize, header.Length);
        buffer = buffer.Slice(body.End);
        return true;
    }

    public static int VarintSize(ulong value) => value < 0x80 ? 1 : (BitOperations.Log2(value) / 7) + 1;

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

    public static int StringSize(string value)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        return VarintSize((ulong)length) + length;
    }

    public static int WriteString(Span<byte> destination, string value)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        var offset = WriteVarint(destination, (ulong)length);
        return offset + Encoding.UTF8.GetBytes(value, destination[offset..]);
    }

    /// <summary>Precomputed UTF-8 of a string with its length prefix, written per call without encoding again.</summary>
    public static byte[] EncodeString(string value)
    {
        var bytes = new byte[StringSize(value)];
        WriteString(bytes, value);
        return bytes;
    }

    public static int AttachmentsSize(IDictionary<string, string>? attachments)
    {
        if (attachments is null || attachments.Count == 0)
        {
            return 1;
        }

        var size = VarintSize((ulong)attachments.Count);
        foreach (var (key, value) in attachments)
        {
            size += StringSize(key) + StringSize(value);
        }

        return size;
    }

    public static int WriteAttachments(Span<byte> destination, IDictionary<string, string>? attachments)
    {
        if (attachments is null || attachments.Count == 0)
        {
            destination[0] = 0;
            return 1;
        }

        var offset = WriteVarint(destination, (ulong)attachments.Count);
        foreach (var (key, value) in attachments)
        {
            offset += WriteString(destination[offset..], key);
            offset += WriteString(destination[offset..], value);
        }

        return offset;
    }
}

/// <summary>A decoded frame header.</summary>
internal readonly record struct FrameHeader(ushort Magic, byte Flags, byte Status, long Id, int Length)
{
    public bool IsRequest => (Flags & Frame.Request) != 0;

    public bool IsTwoWay => (Flags & Frame.TwoWay) != 0;

    public bool IsHeartbeat => (Flags & Frame.Heartbeat) != 0;

    public bool IsEvent => (Flags & Frame.Event) != 0;
}

/// <summary>Reads the fields of a frame body from a contiguous span; malformed input throws <see cref="FrameException"/>.</summary>
internal ref struct BodyReader
{
    private readonly ReadOnlySpan<byte> _body;
    private int _position;

    public BodyReader(ReadOnlySpan<byte> body)
    {
        _body = body;
        _position = 0;
    }

    public readonly ReadOnlySpan<byte> Remaining => _body[_position..];

    public byte ReadByte() => _position < _body.Length ? _body[_position++] : throw new FrameException("the body ends early");

    public ulong ReadVarint()
    {
        ulong result = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = ReadByte();
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return result;
            }
        }

        throw new FrameException("a varint is longer than 10 bytes");
    }

    /// <summary>The UTF-8 bytes of a string field, without decoding them.</summary>
    public ReadOnlySpan<byte> ReadStringBytes()
    {
        var length = ReadVarint();
        if (length > (ulong)(_body.Length - _position))
        {
            throw new FrameException("a string runs past the end of the body");
        }

        var bytes = _body.Slice(_position, (int)length);
        _position += (int)length;
        return bytes;
    }

    public string ReadString() => Encoding.UTF8.GetString(ReadStringBytes());

    public Dictionary<string, string>? ReadAttachments()
    {
        var count = ReadVarint();
        if (count == 0)
        {
            return null;
        }

        if (count > (ulong)_body.Length)
        {
            throw new FrameException("the attachment count is larger than the body");
        }

        var attachments = new Dictionary<string, string>((int)count, StringComparer.Ordinal);
        for (ulong i = 0; i < count; i++)
        {
            attachments[ReadString()] = ReadString();
        }

        return attachments;
    }
}

/// <summary>A frame that breaks docs/protocol.md; its connection is closed.</summary>
internal sealed class FrameException(string message) : Exception(message);
