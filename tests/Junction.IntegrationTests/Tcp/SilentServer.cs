using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Junction.IntegrationTests.Tcp;

/// <summary>
/// A peer that accepts connections and then does nothing: it reads nothing and sends nothing, like a provider whose
/// machine froze. Counts the connections it accepted.
/// </summary>
internal sealed class SilentServer : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly ConcurrentBag<Socket> _accepted = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    private SilentServer()
    {
        _listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen();
        Port = ((IPEndPoint)_listener.LocalEndPoint!).Port;
        _accepting = AcceptLoopAsync();
    }

    public int Port { get; }

    public string Url => $"tcp://127.0.0.1:{Port}";

    public int Accepted => _accepted.Count;

    public static SilentServer Start() => new();

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Dispose();
        await _accepting;
        foreach (var socket in _accepted)
        {
            socket.Dispose();
        }

        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (true)
        {
            try
            {
                _accepted.Add(await _listener.AcceptAsync(_stop.Token));
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
        }
    }
}
