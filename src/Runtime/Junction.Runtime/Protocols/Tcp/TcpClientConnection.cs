using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using Junction.Invocation;
using Junction.Registry;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Logging;

namespace Junction.Protocols.Tcp;

/// <summary>
/// One long-lived connection to a provider, shared by every call. Calls are queued to a single writer loop that
/// writes every queued frame and flushes once per batch; a reader loop completes calls by request id; a timer fails
/// calls past their deadline and keeps the connection alive with heartbeats. When the connection breaks, pending calls
/// fail with <c>Unavailable</c> and it reconnects with capped exponential backoff until disposed.
/// </summary>
internal sealed class TcpClientConnection : IAsyncDisposable
{
    private static long _lastId;

    private readonly ServiceInstance _instance;
    private readonly string _provider;
    private readonly TcpOptions _options;
    private readonly TcpMethodTable _methods;
    private readonly SocketConnectionContextFactory _factory;
    private readonly ILogger _logger;
    private readonly CallTable<PendingCall> _pending = new();
    private readonly List<PendingCall> _expired = [];
    private readonly Action<object?> _onCallerCancelled;
    private readonly CancellationTokenSource _disposed = new();
    private readonly Timer _timer;
    private readonly Task _lifetime;
    private readonly Func<Task>? _connected;
    private volatile Session? _session;
    private volatile bool _readOnly;
    private volatile string _lastError = "not connected yet";
    private int _disposing;
    private readonly TaskCompletionSource _firstConnect = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <param name="instance">The provider.</param>
    /// <param name="options">The consumer's tcp settings.</param>
    /// <param name="methods">The contract's methods.</param>
    /// <param name="factory">Makes the sockets.</param>
    /// <param name="logger">Where connects and losses are logged.</param>
    /// <param name="connected">Tests only: runs after each connect, before its session is published.</param>
    public TcpClientConnection(ServiceInstance instance, TcpOptions options, TcpMethodTable methods, SocketConnectionContextFactory factory, ILogger logger, Func<Task>? connected = null)
    {
        _connected = connected;
        _instance = instance;
        _provider = instance.ToString();
        _options = options;
        _methods = methods;
        _factory = factory;
        _logger = logger;
        _onCallerCancelled = OnCallerCancelled;
        var period = TimeSpan.FromMilliseconds(Math.Clamp(options.HeartbeatIntervalMs / 4, 5, 50));
        _timer = new Timer(static s => ((TcpClientConnection)s!).OnTimer(), this, period, period);
        _lifetime = Task.Run(RunAsync);
    }

    /// <summary>Completes when the first connection attempt has succeeded or failed.</summary>
    public Task FirstAttempt => _firstConnect.Task;

    /// <summary>Connected, or not yet tried (calls wait for the first attempt), and the provider is not stopping.</summary>
    /// <remarks>
    /// The first attempt is read before the session, the reverse of the order they are written in (session, then the
    /// attempt's end): read the other way, a connect completing between the two reads showed a new connection as
    /// unavailable, and a first call failed with "none of its providers is available" (1 call in 1920 in a CI run).
    /// </remarks>
    public bool IsAvailable => !_readOnly && (!_firstConnect.Task.IsCompleted || _session is not null);

    public ValueTask<RpcResult> InvokeAsync(Invocation.Invocation invocation)
    {
        var session = _session;
        if (session is null || _readOnly)
        {
            return _firstConnect.Task.IsCompleted || _readOnly
                ? new ValueTask<RpcResult>(RpcResult.FromException(Unavailable(invocation)))
                : WaitForFirstConnectAsync(invocation);
        }

        var id = Interlocked.Increment(ref _lastId);
        var call = PendingCall.Rent(id, invocation);
        _pending.Add(id, call);
        call.WatchCancellation(_onCallerCancelled);
        // If the session broke meanwhile, its failure sweep may have run before this call was added: fail it here.
        if ((!session.Outgoing.Writer.TryWrite(new Outgoing(OutgoingKind.Request, id, invocation)) || _session != session)
            && _pending.TryRemove(id, out _))
        {
            call.Complete(RpcResult.FromException(Unavailable(invocation)));
        }

        return new ValueTask<RpcResult>(call, call.Version);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposing, 1) != 0)
        {
            return;
        }

        // Released with calls in flight — typically a stopping provider the registry just withdrew, which is draining
        // them — so let them finish, as Dubbo's graceful close does: until their responses or deadlines, at most
        // ShutdownTimeoutMs. Aborting here would fail calls the provider is about to answer.
        // If the connection breaks meanwhile, its failure sweep empties the table too.
        if (_session is not null)
        {
            try
            {
                await _pending.WhenEmpty().WaitAsync(TimeSpan.FromMilliseconds(_options.ShutdownTimeoutMs)).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // The calls still waiting fail below, as the consumer released the provider.
            }
        }

        _disposed.Cancel();
        await _timer.DisposeAsync().ConfigureAwait(false);
        _session?.Abort();
        try
        {
            await _lifetime.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        FailAll("the consumer released it");
        _disposed.Dispose();
    }

    private async ValueTask<RpcResult> WaitForFirstConnectAsync(Invocation.Invocation invocation)
    {
        try
        {
            await _firstConnect.Task.WaitAsync(invocation.Timeout > TimeSpan.Zero ? invocation.Timeout : Timeout.InfiniteTimeSpan, invocation.CancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return RpcResult.FromException(new RpcException(RpcStatusCode.DeadlineExceeded, $"{invocation.Method.FullName}: no connection to provider {_provider} within {invocation.Timeout.TotalMilliseconds:0} ms ({_lastError})."));
        }
        catch (OperationCanceledException)
        {
            return RpcResult.FromException(RpcErrors.CancelledByCaller(invocation, _provider));
        }

        return await InvokeAsync(invocation).ConfigureAwait(false);
    }

    private RpcException Unavailable(Invocation.Invocation invocation)
        => new(RpcStatusCode.Unavailable, _readOnly
            ? $"{invocation.Method.FullName}: provider {_provider} is shutting down and takes no new calls."
            : $"{invocation.Method.FullName}: provider {_provider} is unreachable ({_lastError}); reconnecting.");

    private async Task RunAsync()
    {
        var delay = _options.ReconnectMinDelayMs;
        while (!_disposed.IsCancellationRequested)
        {
            Session? session = null;
            try
            {
                session = await ConnectAsync().ConfigureAwait(false);
                if (_connected is not null)
                {
                    await _connected().ConfigureAwait(false);
                }

                delay = _options.ReconnectMinDelayMs;
                _readOnly = false;

                // A full fence between publishing the session and reading the disposal, as DisposeAsync has between
                // cancelling and reading the session: one of the two always sees the other. A disposal that looked for
                // a session just before this one was set would otherwise leave it running, and against a provider that
                // never answers (its heartbeats stopped with the disposal) the disposal waited for it for good.
                Interlocked.Exchange(ref _session, session);
                if (_disposed.IsCancellationRequested)
                {
                    session.Abort();
                }

                _firstConnect.TrySetResult();
                _logger.LogDebug("Connected to {Provider}", _provider);
                var reason = await session.RunAsync().ConfigureAwait(false);
                _lastError = reason;
            }
            catch (Exception e) when (!_disposed.IsCancellationRequested)
            {
                _lastError = e is SocketException socket ? $"connect failed: {socket.SocketErrorCode}" : e.Message;
            }
            catch (OperationCanceledException)
            {
                break;
            }
            finally
            {
                _session = null;
                if (session is not null)
                {
                    await session.DisposeAsync().ConfigureAwait(false);
                }
            }

            FailAll(_lastError);
            _firstConnect.TrySetResult();
            if (_disposed.IsCancellationRequested)
            {
                break;
            }

            _logger.LogInformation("Connection to {Provider} lost ({Reason}); reconnecting in {Delay} ms", _provider, _lastError, delay);
            try
            {
                await Task.Delay(delay + Random.Shared.Next(delay / 4 + 1), _disposed.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            delay = Math.Min(delay * 2, _options.ReconnectMaxDelayMs);
        }
    }

    private async Task<Session> ConnectAsync()
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            var address = IPAddress.TryParse(_instance.Host, out var ip) ? ip : (await Dns.GetHostAddressesAsync(_instance.Host, _disposed.Token).ConfigureAwait(false))[0];
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_disposed.Token);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            await socket.ConnectAsync(new IPEndPoint(address, _instance.Port), timeout.Token).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return new Session(this, _factory.Create(socket));
    }

    /// <summary>Fails every pending call; each is completed by whoever removes it.</summary>
    private void FailAll(string reason)
    {
        var lost = new List<PendingCall>();
        _pending.RemoveWhere(static (_, _) => true, 0, lost);
        foreach (var call in lost)
        {
            call.Complete(RpcResult.FromException(new RpcException(
                RpcStatusCode.Unavailable, $"{call.Invocation.Method.FullName}: the connection to provider {_provider} was lost ({reason}).")));
        }
    }

    private void OnCallerCancelled(object? state)
    {
        var call = (PendingCall)state!;
        var id = call.Id;
        if (_pending.TryRemove(id, out _))
        {
            // The server stops working on it too; the caller does not wait for that.
            _session?.Outgoing.Writer.TryWrite(new Outgoing(OutgoingKind.Cancel, id, null));
            call.Complete(RpcResult.FromException(RpcErrors.CancelledByCaller(call.Invocation, _provider)));
        }
    }

    private void OnTimer()
    {
        var now = Stopwatch.GetTimestamp();
        // Timer callbacks may overlap when one runs late; the later one skips the sweep rather than share the list.
        if (Monitor.TryEnter(_expired))
        {
            try
            {
                _pending.RemoveWhere(static (call, now) => call.Deadline <= now, now, _expired);
                foreach (var call in _expired)
                {
                    call.Complete(RpcResult.FromException(RpcErrors.Deadline(call.Invocation, _provider)));
                }
            }
            finally
            {
                _expired.Clear();
                Monitor.Exit(_expired);
            }
        }

        _session?.CheckLiveness(now);
    }

    private enum OutgoingKind : byte
    {
        Request,
        Cancel,
        Heartbeat,
    }

    private readonly record struct Outgoing(OutgoingKind Kind, long Id, Invocation.Invocation? Invocation);

    /// <summary>One physical connection's loops. A new session is made for every reconnect.</summary>
    private sealed class Session : IAsyncDisposable
    {
        private readonly TcpClientConnection _owner;
        private readonly ConnectionContext _connection;
        private readonly long _heartbeatTicks;
        private long _lastRead = Stopwatch.GetTimestamp();
        private long _lastHeartbeat;
        private string? _failure;

        public Session(TcpClientConnection owner, ConnectionContext connection)
        {
            _owner = owner;
            _connection = connection;
            _heartbeatTicks = (long)(owner._options.HeartbeatIntervalMs / 1000.0 * Stopwatch.Frequency);
        }

        public Channel<Outgoing> Outgoing { get; } = Channel.CreateUnbounded<Outgoing>(new UnboundedChannelOptions { SingleReader = true, AllowSynchronousContinuations = false });

        /// <summary>Runs until the connection ends; returns why.</summary>
        public async Task<string> RunAsync()
        {
            var writing = WriteLoopAsync();
            var reason = await ReadLoopAsync().ConfigureAwait(false);
            // Before the channel closes: a call that finds it closed reports this reason, not the previous one.
            _owner._lastError = _failure ?? reason;
            Outgoing.Writer.TryComplete();
            await writing.ConfigureAwait(false);
            return _failure ?? reason;
        }

        public void Abort() => _connection.Abort();

        public void CheckLiveness(long now)
        {
            var silent = now - Volatile.Read(ref _lastRead);
            if (silent > 3 * _heartbeatTicks)
            {
                _failure = $"no data for {3 * _owner._options.HeartbeatIntervalMs} ms (3 heartbeat intervals)";
                _connection.Abort();
            }
            else if (silent > _heartbeatTicks && now - _lastHeartbeat > _heartbeatTicks)
            {
                _lastHeartbeat = now;
                Outgoing.Writer.TryWrite(new Outgoing(OutgoingKind.Heartbeat, 0, null));
            }
        }

        public async ValueTask DisposeAsync()
        {
            Outgoing.Writer.TryComplete();
            await _connection.DisposeAsync().ConfigureAwait(false);
        }

        private async Task WriteLoopAsync()
        {
            var output = _connection.Transport.Output;
            var reader = Outgoing.Reader;
            try
            {
                while (await reader.WaitToReadAsync().ConfigureAwait(false))
                {
                    while (reader.TryRead(out var item))
                    {
                        Write(output, item);
                    }

                    var flush = await output.FlushAsync().ConfigureAwait(false);
                    if (flush.IsCompleted || flush.IsCanceled)
                    {
                        break;
                    }
                }
            }
            catch (Exception e)
            {
                _failure ??= "write failed: " + e.Message;
                _connection.Abort();
            }
        }

        private void Write(PipeWriter output, Outgoing item)
        {
            switch (item.Kind)
            {
                case OutgoingKind.Heartbeat:
                    Frame.WriteHeader(output.GetSpan(Frame.HeaderSize), Frame.Request | Frame.TwoWay | Frame.Heartbeat, 0, 0, 0);
                    output.Advance(Frame.HeaderSize);
                    return;
                case OutgoingKind.Cancel:
                    var cancel = output.GetSpan(Frame.HeaderSize + 1);
                    Frame.WriteHeader(cancel, Frame.Request | Frame.Event, 0, item.Id, 1);
                    cancel[Frame.HeaderSize] = Frame.EventCancel;
                    output.Advance(Frame.HeaderSize + 1);
                    return;
            }

            // A call that already completed (deadline, cancellation) is not sent.
            if (!_owner._pending.Contains(item.Id))
            {
                return;
            }

            var invocation = item.Invocation!;
            try
            {
                var names = _owner._methods.Get(invocation.Method);
                var timeoutMicros = invocation.Timeout > TimeSpan.Zero ? (ulong)(invocation.Timeout.Ticks / 10) : 0;
                var attachments = invocation.HasAttachments ? invocation.Attachments : null;
                var payloadSize = invocation.Method.GetRequestSize(invocation.Request);
                var bodySize = names.Length + Frame.VarintSize(timeoutMicros) + Frame.AttachmentsSize(attachments) + payloadSize;
                if (bodySize > _owner._options.MaxMessageSize)
                {
                    throw new RpcException(RpcStatusCode.ResourceExhausted, $"{invocation.Method.FullName}: the request is {bodySize} bytes, over the {_owner._options.MaxMessageSize}-byte limit (TcpOptions.MaxMessageSize).");
                }

                var span = output.GetSpan(Frame.HeaderSize + bodySize);
                Frame.WriteHeader(span, Frame.Request | Frame.TwoWay, 0, item.Id, bodySize);
                var offset = Frame.HeaderSize;
                names.CopyTo(span[offset..]);
                offset += names.Length;
                offset += Frame.WriteVarint(span[offset..], timeoutMicros);
                offset += Frame.WriteAttachments(span[offset..], attachments);
                invocation.Method.WriteRequest(invocation.Request, span.Slice(offset, payloadSize));
                output.Advance(Frame.HeaderSize + bodySize);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Nothing was advanced: the frame is dropped and only this call fails.
                if (_owner._pending.TryRemove(item.Id, out var call))
                {
                    call.Complete(RpcResult.FromException(e is RpcException ? e : new RpcException(RpcStatusCode.Internal, $"{invocation.Method.FullName}: the request could not be encoded: {e.Message}", e)));
                }
            }
        }

        private async Task<string> ReadLoopAsync()
        {
            var input = _connection.Transport.Input;
            try
            {
                while (true)
                {
                    var result = await input.ReadAsync().ConfigureAwait(false);
                    var buffer = result.Buffer;
                    Volatile.Write(ref _lastRead, Stopwatch.GetTimestamp());
                    try
                    {
                        while (Frame.TryReadFrame(ref buffer, _owner._options.MaxMessageSize, out var header, out var body))
                        {
                            Handle(header, body);
                        }
                    }
                    finally
                    {
                        input.AdvanceTo(buffer.Start, buffer.End);
                    }

                    if (result.IsCompleted || result.IsCanceled)
                    {
                        return "the provider closed the connection";
                    }
                }
            }
            catch (FrameException e)
            {
                _owner._logger.LogWarning("Closing the connection to {Provider}: {Reason}", _owner._provider, e.Message);
                return "bad frame: " + e.Message;
            }
            catch (Exception e)
            {
                return e is ConnectionResetException or IOException ? "connection reset" : e.Message;
            }
        }


        private void Handle(FrameHeader header, ReadOnlySequence<byte> body)
        {
            if (header.IsEvent)
            {
                var kind = body.Length > 0 ? body.FirstSpan[0] : (byte)0;
                if (kind == Frame.EventReadOnly)
                {
                    _owner._readOnly = true;
                }
                else if (kind == Frame.EventRefused)
                {
                    var reader = new BodyReader(body.ToArray().AsSpan(1));
                    _failure = "refused: " + reader.ReadString();
                    // The server waits for us to close, so that no reset can destroy this frame in flight.
                    _connection.Abort();
                }

                return;
            }

            if (header.IsHeartbeat)
            {
                if (header.IsRequest)
                {
                    Outgoing.Writer.TryWrite(new Outgoing(OutgoingKind.Heartbeat, header.Id, null));
                }

                return;
            }

            if (header.IsRequest || !_owner._pending.TryRemove(header.Id, out var call))
            {
                // A response to a call that already timed out or was cancelled.
                return;
            }

            RpcResult result;
            byte[]? rented = null;
            try
            {
                ReadOnlySpan<byte> bytes;
                if (body.IsSingleSegment)
                {
                    bytes = body.FirstSpan;
                }
                else
                {
                    rented = ArrayPool<byte>.Shared.Rent((int)body.Length);
                    body.CopyTo(rented);
                    bytes = rented.AsSpan(0, (int)body.Length);
                }

                var reader = new BodyReader(bytes);
                var attachments = reader.ReadAttachments();
                var method = call.Invocation.Method;
                result = header.Status == 0
                    ? RpcResult.FromValue(method.DeserializeResponse(reader.Remaining), attachments)
                    : RpcResult.FromException(new RpcException((RpcStatusCode)header.Status, reader.ReadString()), attachments);
            }
            catch (Exception e) when (e is RpcException or FrameException)
            {
                result = RpcResult.FromException(e is RpcException ? e : new RpcException(RpcStatusCode.Internal, $"{call.Invocation.Method.FullName}: provider {_owner._provider} sent a malformed response: {e.Message}"));
            }
            finally
            {
                if (rented is not null)
                {
                    ArrayPool<byte>.Shared.Return(rented);
                }
            }

            call.Complete(result);
        }
    }
}
