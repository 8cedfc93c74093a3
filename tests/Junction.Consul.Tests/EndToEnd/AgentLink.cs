using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Junction.Consul.Tests.EndToEnd;

/// <summary>
/// A provider's network path to its Consul agent: a byte-forwarding TCP proxy on 127.0.0.1. <see cref="Cut"/> drops
/// every connection and refuses new ones, so the provider's heartbeats stop reaching the agent and it cannot
/// deregister either — what the agent sees when the provider's process dies.
/// </summary>
internal sealed class AgentLink : IAsyncDisposable
{
    private readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly EndPoint _agent;
    private readonly CancellationTokenSource _cut = new();
    private readonly ConcurrentBag<Socket> _sockets = [];
    private readonly ConcurrentBag<Task> _pumps = [];
    private readonly Task _accepting;

    public AgentLink(Uri agent)
    {
        _agent = new IPEndPoint(IPAddress.Parse(agent.Host), agent.Port);
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen();
        Address = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndPoint!).Port}/");
        _accepting = AcceptAsync();
    }

    /// <summary>The address to give the provider instead of the agent's.</summary>
    public Uri Address { get; }

    /// <summary>Drops the path at once: open connections are reset, new ones refused.</summary>
    public void Cut()
    {
        _cut.Cancel();
        _listener.Dispose();
        foreach (var socket in _sockets)
        {
            socket.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        Cut();
        await _accepting;
        await Task.WhenAll(_pumps);
        _cut.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (true)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(_cut.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _sockets.Add(client);
            _pumps.Add(ForwardAsync(client));
        }
    }

    private async Task ForwardAsync(Socket client)
    {
        var agent = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _sockets.Add(agent);
        try
        {
            await agent.ConnectAsync(_agent, _cut.Token);
            await Task.WhenAll(PumpAsync(client, agent), PumpAsync(agent, client));
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
        finally
        {
            client.Dispose();
            agent.Dispose();
        }
    }

    private async Task PumpAsync(Socket from, Socket to)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            int count;
            while ((count = await from.ReceiveAsync(buffer, SocketFlags.None, _cut.Token)) > 0)
            {
                await to.SendAsync(buffer.AsMemory(0, count), SocketFlags.None, _cut.Token);
            }

            to.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // One side went away: take the other down with it, as a broken path would.
            from.Dispose();
            to.Dispose();
        }
    }
}
