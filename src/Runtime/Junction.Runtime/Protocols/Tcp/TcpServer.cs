using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Diagnostics;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Junction.Protocols.Tcp;

/// <summary>
/// The tcp server of one application: Kestrel's socket transport (without its HTTP server) for accepting and for
/// pooled, pipelined socket I/O, and one <see cref="TcpServerConnection"/> per consumer connection.
/// </summary>
internal sealed class TcpServer : IAsyncDisposable
{
    private const int MaxStackChars = 512;
    private static readonly TimeSpan RefuseGrace = TimeSpan.FromSeconds(5);

    /// <summary>How often deadlines are checked: the precision with which an implementation's token fires.</summary>
    private static readonly TimeSpan DeadlineSweep = TimeSpan.FromMilliseconds(10);

    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<TcpServerConnection, Task> _connections = new();
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stopping = new();
    private FrozenDictionary<string, Exporter> _exporters = FrozenDictionary<string, Exporter>.Empty;
    private FrozenDictionary<string, Exporter>.AlternateLookup<ReadOnlySpan<char>> _exportersBySpan;
    private IConnectionListener? _listener;
    private Task? _accepting;
    private Timer? _idleTimer;
    private Timer? _deadlineTimer;
    private int _inflight;
    private TaskCompletionSource? _drained;

    public TcpServer(TcpOptions options, ILoggerFactory loggerFactory)
    {
        Options = options;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger("Junction.Tcp");
        _exportersBySpan = _exporters.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public TcpOptions Options { get; }

    /// <summary>The port bound (the configured one, or the one the system chose for 0).</summary>
    public int Port { get; private set; }

    public string Address => $"tcp://{Options.Host}:{Port}";

    public bool IsRunning => _listener is not null;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var address = IPAddress.TryParse(Options.Host, out var ip) ? ip : IPAddress.Any;
        var factory = new SocketTransportFactory(Microsoft.Extensions.Options.Options.Create(new SocketTransportOptions()), _loggerFactory);
        _listener = await factory.BindAsync(new IPEndPoint(address, Options.Port), cancellationToken).ConfigureAwait(false);
        Port = ((IPEndPoint)_listener.EndPoint).Port;
        var period = TimeSpan.FromMilliseconds(Options.HeartbeatIntervalMs);
        _idleTimer = new Timer(static s => ((TcpServer)s!).CloseIdleConnections(), this, period, period);
        _deadlineTimer = new Timer(static s => ((TcpServer)s!).CancelExpiredCalls(), this, DeadlineSweep, DeadlineSweep);
        _accepting = AcceptLoopAsync(_listener);
        _logger.LogInformation("Listening on {Address}", Address);
    }

    public void Export(Exporter exporter)
    {
        lock (_gate)
        {
            var copy = new Dictionary<string, Exporter>(_exporters, StringComparer.Ordinal);
            if (!copy.TryAdd(exporter.Service.ServiceKey, exporter))
            {
                throw new InvalidOperationException($"{exporter.Service.ServiceKey} is already exported on {Address}.");
            }

            SetExporters(copy);
        }
    }

    /// <summary>
    /// Removes an exporter; true when none is left. The last one is not removed: the caller stops the server next, and
    /// calls that arrive before consumers have read the read-only announcement must still be served (as in Dubbo,
    /// which closes its server before unexporting), not fail with Unimplemented, which no consumer retries.
    /// </summary>
    public bool Unexport(Exporter exporter)
    {
        lock (_gate)
        {
            if (_exporters.Count == 1 && _exporters.ContainsKey(exporter.Service.ServiceKey))
            {
                return true;
            }

            var copy = new Dictionary<string, Exporter>(_exporters, StringComparer.Ordinal);
            copy.Remove(exporter.Service.ServiceKey);
            SetExporters(copy);
            return copy.Count == 0;
        }
    }

    /// <summary>Finds the exporter of a UTF-8 service key without allocating.</summary>
    public Exporter? FindExporter(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > MaxStackChars)
        {
            return _exporters.GetValueOrDefault(Encoding.UTF8.GetString(utf8));
        }

        Span<char> chars = stackalloc char[MaxStackChars];
        var count = Encoding.UTF8.GetChars(utf8, chars);
        return _exportersBySpan.TryGetValue(chars[..count], out var exporter) ? exporter : null;
    }

    public void CallStarted() => Interlocked.Increment(ref _inflight);

    public void CallEnded()
    {
        if (Interlocked.Decrement(ref _inflight) == 0)
        {
            Volatile.Read(ref _drained)?.TrySetResult();
        }
    }

    /// <summary>
    /// Graceful stop: tell consumers this server is read-only, stop accepting, let calls in flight finish (up to
    /// <see cref="TcpOptions.ShutdownTimeoutMs"/>), then close every connection.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        _stopping.Cancel();
        var stopping = Stopwatch.StartNew();
        foreach (var connection in _connections.Keys)
        {
            connection.AnnounceReadOnly();
        }

        if (_listener is not null)
        {
            await _listener.UnbindAsync().ConfigureAwait(false);
        }

        var drained = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _drained, drained);
        if (Volatile.Read(ref _inflight) > 0)
        {
            try
            {
                await drained.Task.WaitAsync(TimeSpan.FromMilliseconds(Options.ShutdownTimeoutMs)).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                _logger.LogWarning("{Address}: {Count} call(s) still running after {Timeout} ms; closing anyway", Address, Volatile.Read(ref _inflight), Options.ShutdownTimeoutMs);
            }
        }

        // A call counts as finished once its response is in the connection's output buffer, not yet sent: close
        // gracefully so those responses reach the consumers, and abort only connections that do not close in the
        // time left (a consumer that stopped reading).
        foreach (var connection in _connections.Keys)
        {
            connection.CloseGracefully();
        }

        var closing = Task.WhenAll(_connections.Values);
        try
        {
            await closing.WaitAsync(TimeSpan.FromMilliseconds(Math.Max(0, Options.ShutdownTimeoutMs - stopping.ElapsedMilliseconds))).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            foreach (var connection in _connections.Keys)
            {
                connection.Close("the server is stopping");
            }

            await closing.ConfigureAwait(false);
        }
        if (_accepting is not null)
        {
            await _accepting.ConfigureAwait(false);
        }

        if (_idleTimer is not null)
        {
            await _idleTimer.DisposeAsync().ConfigureAwait(false);
        }

        if (_deadlineTimer is not null)
        {
            await _deadlineTimer.DisposeAsync().ConfigureAwait(false);
        }

        if (_listener is not null)
        {
            await _listener.DisposeAsync().ConfigureAwait(false);
        }

        _logger.LogInformation("Stopped {Address}", Address);
    }

    private void SetExporters(Dictionary<string, Exporter> exporters)
    {
        var frozen = exporters.ToFrozenDictionary(StringComparer.Ordinal);
        _exportersBySpan = frozen.GetAlternateLookup<ReadOnlySpan<char>>();
        _exporters = frozen;
    }

    private async Task AcceptLoopAsync(IConnectionListener listener)
    {
        while (true)
        {
            ConnectionContext? context;
            try
            {
                context = await listener.AcceptAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception e)
            {
                _logger.LogWarning(e, "{Address}: accepting a connection failed", Address);
                continue;
            }

            if (context is null)
            {
                return;
            }

            if (Options.Accepts > 0 && _connections.Count >= Options.Accepts)
            {
                _ = RefuseAsync(context, $"{Address} accepts at most {Options.Accepts} connection(s) (TcpOptions.Accepts)");
                continue;
            }

            var connection = new TcpServerConnection(this, context, _logger);
            _connections[connection] = ServeAsync(connection, context);
        }
    }

    private async Task ServeAsync(TcpServerConnection connection, ConnectionContext context)
    {
        await Task.Yield();
        try
        {
            await connection.RunAsync().ConfigureAwait(false);
        }
        catch (Exception e)
        {
            _logger.LogWarning(e, "{Address}: connection from {Remote} failed", Address, connection.Remote);
        }
        finally
        {
            _connections.TryRemove(connection, out _);
            await context.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task RefuseAsync(ConnectionContext context, string reason)
    {
        _logger.LogWarning("Refusing a connection from {Remote}: {Reason}", context.RemoteEndPoint, reason);
        try
        {
            var length = 1 + Frame.StringSize(reason);
            var output = context.Transport.Output;
            var span = output.GetSpan(Frame.HeaderSize + length);
            Frame.WriteHeader(span, Frame.Event, (byte)RpcStatusCode.ResourceExhausted, 0, length);
            span[Frame.HeaderSize] = Frame.EventRefused;
            Frame.WriteString(span[(Frame.HeaderSize + 1)..], reason);
            output.Advance(Frame.HeaderSize + length);
            await output.FlushAsync().ConfigureAwait(false);

            // Closing with unread input resets the connection, and the reset can destroy the REFUSED frame before the
            // consumer reads it: let the consumer close first (it does when it reads the frame), discarding what it
            // still sends, for a few seconds at most.
            using var grace = new CancellationTokenSource(RefuseGrace);
            var input = context.Transport.Input;
            while (true)
            {
                var read = await input.ReadAsync(grace.Token).ConfigureAwait(false);
                input.AdvanceTo(read.Buffer.End);
                if (read.IsCompleted || read.IsCanceled)
                {
                    break;
                }
            }

            await output.CompleteAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or ConnectionResetException or ConnectionAbortedException or InvalidOperationException or OperationCanceledException)
        {
        }
        finally
        {
            await context.DisposeAsync().ConfigureAwait(false);
        }
    }

    private void CancelExpiredCalls()
    {
        var now = Stopwatch.GetTimestamp();
        foreach (var connection in _connections.Keys)
        {
            connection.CancelExpired(now);
        }
    }

    /// <summary>A consumer silent for three heartbeat intervals is gone (its heartbeats would have kept it alive).</summary>
    private void CloseIdleConnections()
    {
        var limit = 3L * Options.HeartbeatIntervalMs * Stopwatch.Frequency / 1000;
        var now = Stopwatch.GetTimestamp();
        foreach (var connection in _connections.Keys)
        {
            if (now - connection.LastRead > limit)
            {
                connection.Close($"no data for {3 * Options.HeartbeatIntervalMs} ms (3 heartbeat intervals)");
            }
        }
    }
}
