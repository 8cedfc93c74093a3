using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Junction.IntegrationTests.Tcp;

/// <summary>
/// docs/protocol.md written by hand: frames built byte by byte, so the tests do not trust the code under test to
/// encode what they send.
/// </summary>
internal static class RawFrames
{
    public const int HeaderSize = 16;
    public const byte Request = 1;
    public const byte TwoWay = 2;
    public const byte Heartbeat = 4;
    public const byte Event = 8;
    public const byte EventReadOnly = 1;
    public const byte EventCancel = 2;
    public const byte EventRefused = 3;

    public static byte[] Header(byte flags, byte status, long id, int length, ushort magic = 0x4A43)
    {
        var header = new byte[HeaderSize];
        BinaryPrimitives.WriteUInt16BigEndian(header, magic);
        header[2] = flags;
        header[3] = status;
        BinaryPrimitives.WriteInt64BigEndian(header.AsSpan(4), id);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(12), length);
        return header;
    }

    public static byte[] Frame(byte flags, long id, byte[] body, byte status = 0) => [.. Header(flags, status, id, body.Length), .. body];

    public static void Varint(List<byte> output, ulong value)
    {
        while (value >= 0x80)
        {
            output.Add((byte)(value | 0x80));
            value >>= 7;
        }

        output.Add((byte)value);
    }

    public static void String(List<byte> output, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        Varint(output, (ulong)bytes.Length);
        output.AddRange(bytes);
    }

    /// <summary>A request body: service key, method, timeout (µs), attachments, then the proto3 payload.</summary>
    public static byte[] RequestBody(string serviceKey, string method, ulong timeoutMicros, IReadOnlyList<(string Key, string Value)> attachments, byte[] payload)
    {
        var body = new List<byte>();
        String(body, serviceKey);
        String(body, method);
        Varint(body, timeoutMicros);
        Varint(body, (ulong)attachments.Count);
        foreach (var (key, value) in attachments)
        {
            String(body, key);
            String(body, value);
        }

        body.AddRange(payload);
        return [.. body];
    }

    /// <summary>The proto3 payload of a one-string request (field 1, length-delimited), as the generator encodes <c>WhoAsync</c>/<c>HoldAsync</c> arguments.</summary>
    public static byte[] StringField(int field, string value)
    {
        var payload = new List<byte> { (byte)((field << 3) | 2) };
        String(payload, value);
        return [.. payload];
    }

    public static async Task<Socket> ConnectAsync(int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port));
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return socket;
    }

    /// <summary>Reads one frame; null when the peer closed (or reset) the connection first.</summary>
    public static async Task<(byte Flags, byte Status, long Id, byte[] Body)?> ReadFrameAsync(Socket socket, CancellationToken cancellationToken)
    {
        var header = new byte[HeaderSize];
        if (!await ReadExactlyAsync(socket, header, cancellationToken))
        {
            return null;
        }

        var length = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(12));
        var body = new byte[length];
        if (!await ReadExactlyAsync(socket, body, cancellationToken))
        {
            return null;
        }

        return (header[2], header[3], BinaryPrimitives.ReadInt64BigEndian(header.AsSpan(4)), body);
    }

    /// <summary>Reads until the peer closes the connection; true if it did before <paramref name="cancellationToken"/> fired.</summary>
    public static async Task<bool> WaitForCloseAsync(Socket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken) > 0)
            {
            }

            return true;
        }
        catch (SocketException)
        {
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static async Task<bool> ReadExactlyAsync(Socket socket, byte[] buffer, CancellationToken cancellationToken)
    {
        var read = 0;
        try
        {
            while (read < buffer.Length)
            {
                var count = await socket.ReceiveAsync(buffer.AsMemory(read), SocketFlags.None, cancellationToken);
                if (count == 0)
                {
                    return false;
                }

                read += count;
            }
        }
        catch (SocketException)
        {
            return false;
        }

        return true;
    }
}
