using Junction.Contracts;
using Junction.Invocation;
using Junction.Registry;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Logging;

namespace Junction.Protocols.Tcp;

/// <summary>
/// A consumer's handle on one tcp provider: <c>connections</c> long-lived connections (default 1) shared by all calls,
/// picked in turn among those available.
/// </summary>
internal sealed class TcpInvoker : IProviderInvoker
{
    private readonly TcpClientConnection[] _connections;
    private int _next;

    public TcpInvoker(ServiceInstance instance, ServiceDescriptor service, TcpOptions options, int connections, SocketConnectionContextFactory factory, ILogger logger)
    {
        Instance = instance;
        Stats = new ProviderStats(service.Methods.Count);
        var methods = new TcpMethodTable(service);
        _connections = new TcpClientConnection[connections];
        for (var i = 0; i < connections; i++)
        {
            _connections[i] = new TcpClientConnection(instance, options, methods, factory, logger);
        }
    }

    public ServiceInstance Instance { get; }

    public ProviderStats Stats { get; }

    /// <summary>Completes when every connection has made its first attempt.</summary>
    public Task FirstAttempt => Task.WhenAll(Array.ConvertAll(_connections, c => c.FirstAttempt));

    public bool IsAvailable
    {
        get
        {
            foreach (var connection in _connections)
            {
                if (connection.IsAvailable)
                {
                    return true;
                }
            }

            return false;
        }
    }

    public ValueTask<RpcResult> InvokeAsync(Invocation.Invocation invocation)
    {
        if (_connections.Length == 1)
        {
            return _connections[0].InvokeAsync(invocation);
        }

        var start = (int)((uint)Interlocked.Increment(ref _next) % (uint)_connections.Length);
        for (var i = 0; i < _connections.Length; i++)
        {
            var connection = _connections[(start + i) % _connections.Length];
            if (connection.IsAvailable)
            {
                return connection.InvokeAsync(invocation);
            }
        }

        return _connections[start].InvokeAsync(invocation);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var connection in _connections)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }
}
