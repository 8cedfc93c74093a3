using Junction.Contracts;
using Junction.Invocation;
using Junction.Registry;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Logging;

namespace Junction.Protocols.Tcp;

/// <summary>
/// Junction's default protocol (docs/protocol.md): multiplexed binary RPC over long-lived TCP connections. One server
/// per application, started with the first export and stopped gracefully with the last.
/// </summary>
public sealed class TcpProtocol : IProtocol, IAsyncDisposable
{
    /// <summary>The protocol name.</summary>
    public const string ProtocolName = "tcp";

    private readonly TcpOptions _options;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _serverGate = new(1, 1);
    private readonly Lazy<SocketConnectionContextFactory> _clientFactory;
    private TcpServer? _server;

    /// <summary>Creates the protocol with validated options.</summary>
    public TcpProtocol(TcpOptions options, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        options.Validate();
        _options = options;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger("Junction.Tcp");
        _clientFactory = new(() => new SocketConnectionContextFactory(new SocketConnectionFactoryOptions(), _logger));
    }

    /// <inheritdoc />
    public string Name => ProtocolName;

    /// <summary>The port the server listens on, once something is exported; 0 before.</summary>
    public int Port => _server?.Port ?? 0;

    /// <inheritdoc />
    public async ValueTask<ServiceInstance> ExportAsync(Exporter exporter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(exporter);
        await _serverGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_server is null)
            {
                var server = new TcpServer(_options, _loggerFactory);
                await server.StartAsync(cancellationToken).ConfigureAwait(false);
                _server = server;
            }

            _server.Export(exporter);
            return new ServiceInstance(exporter.Service.ServiceKey, ProtocolName, _options.Host, _server.Port);
        }
        finally
        {
            _serverGate.Release();
        }
    }

    /// <inheritdoc />
    public async ValueTask UnexportAsync(Exporter exporter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(exporter);
        await _serverGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_server is not null && _server.Unexport(exporter))
            {
                await _server.DisposeAsync().ConfigureAwait(false);
                _server = null;
            }
        }
        finally
        {
            _serverGate.Release();
        }
    }

    /// <inheritdoc />
    public IProviderInvoker Refer(ServiceInstance instance, ServiceDescriptor service) => Refer(instance, service, connections: 1);

    /// <summary>Creates an invoker with <paramref name="connections"/> long-lived connections to the provider.</summary>
    public IProviderInvoker Refer(ServiceInstance instance, ServiceDescriptor service, int connections)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(service);
        ArgumentOutOfRangeException.ThrowIfLessThan(connections, 1);
        if (!string.Equals(instance.Protocol, ProtocolName, StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"The tcp protocol cannot call {instance}.", nameof(instance));
        }

        return new TcpInvoker(instance, service, _options, connections, _clientFactory.Value, _logger);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync().ConfigureAwait(false);
            _server = null;
        }

        if (_clientFactory.IsValueCreated)
        {
            _clientFactory.Value.Dispose();
        }
    }
}
