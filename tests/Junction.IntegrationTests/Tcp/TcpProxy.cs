using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Junction.IntegrationTests.Tcp;

/// <summary>
/// A byte-forwarding TCP proxy on 127.0.0.1 in front of a server, so a test can see what the server cannot tell it:
/// how many connections a client opened, and which frames crossed each one (heartbeats, requests).
/// </summary>
internal sealed class TcpProxy : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly int _targetPort;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentBag<Socket> _sockets = [];
    private readonly ConcurrentBag<Task> _pumps = [];
    private readonly ConcurrentDictionary<int, int> _requestsByConnection = new();
    private readonly Task _accepting;
    private int _accepted;
    private int _heartbeatRequests;
    private int _heartbeatReplies;

    private TcpProxy(int targetPort)
    {
        _targetPort = targetPort;
        _listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen();
        Port = ((IPEndPoint)_listener.LocalEndPoint!).Port;
        _accepting = AcceptLoopAsync();
    }

    public int Port { get; }

    public string Url => $"tcp://127.0.0.1:{Port}";

    /// <summary>Connections accepted from clients so far.</summary>
    public int Accepted => Volatile.Read(ref _accepted);

    /// <summary>Heartbeat requests that went from a client to the server.</summary>
    public int HeartbeatRequests => Volatile.Read(ref _heartbeatRequests);

    /// <summary>Heartbeat answers that went from the server to a client.</summary>
    public int HeartbeatReplies => Volatile.Read(ref _heartbeatReplies);

    /// <summary>Call requests (not heartbeats or events) per accepted connection, by accept order.</summary>
    public IReadOnlyDictionary<int, int> RequestsByConnection => _requestsByConnection;

    public static TcpProxy Start(int targetPort) => new(targetPort);

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Dispose();
        foreach (var socket in _sockets)
        {
            socket.Dispose();
        }

        await _accepting;
        await Task.WhenAll(_pumps);
        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (true)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            var connection = Interlocked.Increment(ref _accepted);
            _sockets.Add(client);
            _pumps.Add(ConnectAndPumpAsync(connection, client));
        }
    }

    private async Task ConnectAndPumpAsync(int connection, Socket client)
    {
        var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        _sockets.Add(server);
        client.NoDelay = true;
        try
        {
            await server.ConnectAsync(new IPEndPoint(IPAddress.Loopback, _targetPort), _stop.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            client.Dispose();
            server.Dispose();
            return;
        }

        var upstream = new FrameTap((flags, _) =>
        {
            if ((flags & RawFrames.Heartbeat) != 0)
            {
                Interlocked.Increment(ref _heartbeatRequests);
            }
            else if ((flags & (RawFrames.Request | RawFrames.Event)) == RawFrames.Request)
            {
                _requestsByConnection.AddOrUpdate(connection, 1, static (_, n) => n + 1);
            }
        });
        var downstream = new FrameTap((flags, _) =>
        {
            if ((flags & (RawFrames.Heartbeat | RawFrames.Request)) == RawFrames.Heartbeat)
            {
                Interlocked.Increment(ref _heartbeatReplies);
            }
        });
        await Task.WhenAll(PumpAsync(client, server, upstream), PumpAsync(server, client, downstream));
        client.Dispose();
        server.Dispose();
    }

    private async Task PumpAsync(Socket from, Socket to, FrameTap tap)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                var count = await from.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
                if (count == 0)
                {
                    to.Shutdown(SocketShutdown.Send);
                    return;
                }

                tap.Feed(buffer.AsSpan(0, count));
                await to.SendAsync(buffer.AsMemory(0, count), SocketFlags.None, _stop.Token);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // One side went away: take the other down with it, as a broken network path would.
            from.Dispose();
            to.Dispose();
        }
    }

    /// <summary>Follows the frame boundaries of one direction of a connection and reports each frame's header.</summary>
    private sealed class FrameTap(Action<byte, long> onFrame)
    {
        private readonly byte[] _header = new byte[RawFrames.HeaderSize];
        private int _headerFilled;
        private long _bodyLeft;

        public void Feed(ReadOnlySpan<byte> data)
        {
            while (!data.IsEmpty)
            {
                if (_bodyLeft > 0)
                {
                    var skip = (int)Math.Min(_bodyLeft, data.Length);
                    _bodyLeft -= skip;
                    data = data[skip..];
                    continue;
                }

                var take = Math.Min(RawFrames.HeaderSize - _headerFilled, data.Length);
                data[..take].CopyTo(_header.AsSpan(_headerFilled));
                _headerFilled += take;
                data = data[take..];
                if (_headerFilled == RawFrames.HeaderSize)
                {
                    _headerFilled = 0;
                    _bodyLeft = BinaryPrimitives.ReadInt32BigEndian(_header.AsSpan(12));
                    onFrame(_header[2], BinaryPrimitives.ReadInt64BigEndian(_header.AsSpan(4)));
                }
            }
        }
    }
}
