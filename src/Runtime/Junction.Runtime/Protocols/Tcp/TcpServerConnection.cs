using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO.Pipelines;
using System.Text;
using System.Threading.Channels;
using Junction.Invocation;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;

namespace Junction.Protocols.Tcp;

/// <summary>
/// One consumer connection on the server: a reader loop that parses frames in place and runs each request (on the
/// loop itself or on the thread pool; see <see cref="TcpOptions.Dispatcher"/>), and a writer loop that writes every
/// finished response and flushes once per batch, in parallel with the reading of the next requests. A frame that
/// breaks the protocol closes this connection only.
/// </summary>
internal sealed class TcpServerConnection
{
    private const int MaxStackChars = 512;
    private const ulong MaxTimeoutMicros = (uint.MaxValue - 1UL) * 1000;

    private readonly TcpServer _server;
    private readonly ConnectionContext _connection;
    private readonly ILogger _logger;
    private readonly CallTable<ServerCall> _inflight = new();
    private readonly List<KeyValuePair<long, ServerCall>> _sweep = [];
    private readonly Channel<Outgoing> _outgoing = Channel.CreateUnbounded<Outgoing>(new UnboundedChannelOptions { SingleReader = true, AllowSynchronousContinuations = false });
    private static readonly TimeSpan BlockingThreshold = TimeSpan.FromMilliseconds(1);
    private long _lastRead = Stopwatch.GetTimestamp();

    public TcpServerConnection(TcpServer server, ConnectionContext connection, ILogger logger)
    {
        _server = server;
        _connection = connection;
        _logger = logger;
    }

    public string Remote => _connection.RemoteEndPoint?.ToString() ?? _connection.ConnectionId;

    public long LastRead => Volatile.Read(ref _lastRead);

    public async Task RunAsync()
    {
        var writing = WriteLoopAsync();
        await ReadLoopAsync().ConfigureAwait(false);
        _outgoing.Writer.TryComplete();
        await writing.ConfigureAwait(false);
        var left = new List<KeyValuePair<long, ServerCall>>();
        _inflight.CopyTo(left);
        foreach (var (id, call) in left)
        {
            call.CancelByConsumer(id);
        }
    }

    public void Respond(ServerCall call)
    {
        if (!_outgoing.Writer.TryWrite(new Outgoing(OutgoingKind.Response, call.Id, call)))
        {
            // The connection is gone: nobody to answer, but the call must still count as finished.
            Release(call);
        }
    }

    /// <summary>Cancels calls past their deadline (the server's sweep calls this every few milliseconds).</summary>
    public void CancelExpired(long now)
    {
        // One sweep at a time per connection (a slow one must not race the next on the shared list).
        if (!Monitor.TryEnter(_sweep))
        {
            return;
        }

        try
        {
            _inflight.CopyTo(_sweep);
            foreach (var (id, call) in _sweep)
            {
                call.CancelIfExpired(id, now);
            }

            _sweep.Clear();
        }
        finally
        {
            Monitor.Exit(_sweep);
        }
    }

    public void AnnounceReadOnly() => _outgoing.Writer.TryWrite(new Outgoing(OutgoingKind.ReadOnly, 0, null));

    /// <summary>Writes what is queued, then ends the connection (the transport sends everything before it closes).</summary>
    public void CloseGracefully() => _outgoing.Writer.TryComplete();

    public void Close(string reason)
    {
        _logger.LogInformation("Closing connection from {Remote}: {Reason}", Remote, reason);
        _connection.Abort(new ConnectionAbortedException(reason));
    }

    private async Task ReadLoopAsync()
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
                    while (Frame.TryReadFrame(ref buffer, _server.Options.MaxMessageSize, out var header, out var body))
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
                    if (!buffer.IsEmpty)
                    {
                        _logger.LogWarning("Connection from {Remote} ended inside a frame ({Bytes} bytes left)", Remote, buffer.Length);
                    }

                    return;
                }
            }
        }
        catch (FrameException e)
        {
            _logger.LogWarning("Closing connection from {Remote}: {Reason}", Remote, e.Message);
            _connection.Abort(new ConnectionAbortedException(e.Message));
        }
        catch (Exception e) when (e is ConnectionResetException or ConnectionAbortedException or IOException or OperationCanceledException)
        {
        }
    }


    private void Handle(FrameHeader header, ReadOnlySequence<byte> body)
    {
        if (!header.IsRequest)
        {
            // Heartbeat answers (and anything else a server never asked for) only prove the peer is alive.
            return;
        }

        if (header.IsHeartbeat)
        {
            _outgoing.Writer.TryWrite(new Outgoing(OutgoingKind.HeartbeatReply, header.Id, null));
            return;
        }

        if (header.IsEvent)
        {
            if (body.Length > 0 && body.FirstSpan[0] == Frame.EventCancel && _inflight.TryGet(header.Id, out var cancelled))
            {
                cancelled.CancelByConsumer(header.Id);
            }

            return;
        }

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

            HandleRequest(header, bytes);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private void HandleRequest(FrameHeader header, ReadOnlySpan<byte> bytes)
    {
        var reader = new BodyReader(bytes);
        var keyBytes = reader.ReadStringBytes();
        var methodBytes = reader.ReadStringBytes();
        var timeoutMicros = reader.ReadVarint();
        var attachments = reader.ReadAttachments();

        var exporter = _server.FindExporter(keyBytes);
        var method = exporter is null ? null : FindMethod(exporter, methodBytes);
        if (exporter is null || method is null)
        {
            var error = exporter is null
                ? RpcErrors.UnknownService(Encoding.UTF8.GetString(keyBytes), _server.Address)
                : RpcErrors.UnknownMethod(exporter.Service, Encoding.UTF8.GetString(methodBytes));
            if (header.IsTwoWay)
            {
                _outgoing.Writer.TryWrite(new Outgoing(OutgoingKind.Error, header.Id, null, error));
            }

            return;
        }

        object request;
        try
        {
            request = method.DeserializeRequest(reader.Remaining);
        }
        catch (RpcException e)
        {
            if (header.IsTwoWay)
            {
                _outgoing.Writer.TryWrite(new Outgoing(OutgoingKind.Error, header.Id, null, new RpcException(e.StatusCode, $"{method.FullName} on provider {_server.Address}: {e.Message}")));
            }

            return;
        }

        // A deadline more than about 49.7 days away is no deadline in practice; a far larger one would overflow the
        // Stopwatch arithmetic of ServerCall.Deadline and expire the call at once.
        var timeout = timeoutMicros is 0 or > MaxTimeoutMicros ? TimeSpan.Zero : TimeSpan.FromTicks((long)timeoutMicros * 10);
        var call = ServerCall.Rent();
        var token = call.Start(this, exporter, header.Id, timeout);
        var invocation = new Invocation.Invocation(method, request, token) { Timeout = timeout };
        if (attachments is not null)
        {
            foreach (var (key, value) in attachments)
            {
                invocation.Attachments[key] = value;
            }
        }

        call.Bind(invocation);
        _inflight.Add(header.Id, call);
        _server.CallStarted();
        Dispatch(exporter, method, call);
    }

    /// <summary>
    /// Runs the call where <see cref="TcpOptions.Dispatcher"/> says. Inline is the cheapest: no thread-pool hand-off
    /// per call; its risk is an implementation that blocks before its first await and so holds up every request behind
    /// it on this connection, which the adaptive dispatcher notices after a few such calls of a method and avoids from
    /// then on.
    /// </summary>
    private void Dispatch(Exporter exporter, Contracts.MethodDescriptor method, ServerCall call)
    {
        var dispatcher = _server.Options.Dispatcher;
        if (dispatcher == Dispatchers.All || (dispatcher == Dispatchers.Adaptive && exporter.IsBlocking(method)))
        {
            ThreadPool.UnsafeQueueUserWorkItem(call, preferLocal: false);
            return;
        }

        if (dispatcher == Dispatchers.Direct)
        {
            call.Execute();
            return;
        }

        var judged = exporter.IsWarm(method);
        var paused = GC.GetTotalPauseDuration();
        var started = Stopwatch.GetTimestamp();
        call.Execute();
        // A garbage collection stops every thread: its pause is not the method's doing.
        var held = Stopwatch.GetElapsedTime(started) - (GC.GetTotalPauseDuration() - paused);
        if (!judged)
        {
            exporter.MarkWarm(method);
            return;
        }

        if (exporter.RecordCall(method, slow: held > BlockingThreshold))
        {
            _logger.LogWarning(
                "{Method} keeps holding the connection's read loop for over 1 ms before its first await (the last call for {Elapsed:0.0} ms), " +
                "delaying the calls behind it; its calls now run on the thread pool. Await I/O instead of blocking on it, or set TcpOptions.Dispatcher to \"all\".",
                method.FullName,
                held.TotalMilliseconds);
        }
    }

    private static Contracts.MethodDescriptor? FindMethod(Exporter exporter, ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > MaxStackChars)
        {
            return exporter.Service.FindMethod(Encoding.UTF8.GetString(utf8));
        }

        Span<char> chars = stackalloc char[MaxStackChars];
        var count = Encoding.UTF8.GetChars(utf8, chars);
        return exporter.Service.FindMethod(chars[..count]);
    }

    private async Task WriteLoopAsync()
    {
        var output = _connection.Transport.Output;
        var reader = _outgoing.Reader;
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

            // Nothing more to send (the server closes gracefully, or the consumer left): the transport sends what is
            // buffered, then closes the socket.
            await output.CompleteAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is ConnectionResetException or ConnectionAbortedException or IOException or InvalidOperationException or OperationCanceledException)
        {
        }
        finally
        {
            // Calls still queued or running will find a completed channel; release them as they finish.
            while (reader.TryRead(out var item))
            {
                if (item.Call is { } call)
                {
                    Release(call);
                }
            }
        }
    }

    private void Write(PipeWriter output, Outgoing item)
    {
        switch (item.Kind)
        {
            case OutgoingKind.HeartbeatReply:
                Frame.WriteHeader(output.GetSpan(Frame.HeaderSize), Frame.Heartbeat, 0, item.Id, 0);
                output.Advance(Frame.HeaderSize);
                return;
            case OutgoingKind.ReadOnly:
                var readOnly = output.GetSpan(Frame.HeaderSize + 1);
                Frame.WriteHeader(readOnly, Frame.Event, 0, 0, 1);
                readOnly[Frame.HeaderSize] = Frame.EventReadOnly;
                output.Advance(Frame.HeaderSize + 1);
                return;
            case OutgoingKind.Error:
                WriteError(output, item.Id, item.Error!);
                return;
        }

        var call = item.Call!;
        try
        {
            var result = call.Result;
            if (result.IsSuccess)
            {
                WriteSuccess(output, call, result);
            }
            else
            {
                WriteError(output, call.Id, MapError(call, result.Exception!));
            }
        }
        finally
        {
            Release(call);
        }
    }

    private void WriteSuccess(PipeWriter output, ServerCall call, RpcResult result)
    {
        var method = call.Invocation.Method;
        int payloadSize;
        try
        {
            payloadSize = method.GetResponseSize(result.Value!);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            WriteError(output, call.Id, new RpcException(RpcStatusCode.Internal, $"{method.FullName} on provider {_server.Address}: the response could not be encoded: {e.Message}"));
            return;
        }

        var attachments = result.Attachments as IDictionary<string, string>;
        var bodySize = Frame.AttachmentsSize(attachments) + payloadSize;
        if (bodySize > _server.Options.MaxMessageSize)
        {
            WriteError(output, call.Id, new RpcException(RpcStatusCode.ResourceExhausted, $"{method.FullName} on provider {_server.Address}: the response is {bodySize} bytes, over the {_server.Options.MaxMessageSize}-byte limit (TcpOptions.MaxMessageSize)."));
            return;
        }

        var span = output.GetSpan(Frame.HeaderSize + bodySize);
        Frame.WriteHeader(span, 0, 0, call.Id, bodySize);
        var offset = Frame.HeaderSize + Frame.WriteAttachments(span[Frame.HeaderSize..], attachments);
        method.WriteResponse(result.Value!, span.Slice(offset, payloadSize));
        output.Advance(Frame.HeaderSize + bodySize);
    }

    private static void WriteError(PipeWriter output, long id, RpcException error)
    {
        var bodySize = 1 + Frame.StringSize(error.Message);
        var span = output.GetSpan(Frame.HeaderSize + bodySize);
        Frame.WriteHeader(span, 0, (byte)error.StatusCode, id, bodySize);
        span[Frame.HeaderSize] = 0;
        Frame.WriteString(span[(Frame.HeaderSize + 1)..], error.Message);
        output.Advance(Frame.HeaderSize + bodySize);
    }

    private RpcException MapError(ServerCall call, Exception exception)
    {
        if (exception is OperationCanceledException && call.DeadlinePassed)
        {
            return RpcErrors.Deadline(call.Invocation, _server.Address);
        }

        return RpcErrors.FromProvider(exception, call.Invocation, _server.Address);
    }

    private void Release(ServerCall call)
    {
        _inflight.Remove(call.Id, call);
        call.Return();
        _server.CallEnded();
    }

    private enum OutgoingKind : byte
    {
        Response,
        Error,
        HeartbeatReply,
        ReadOnly,
    }

    private readonly record struct Outgoing(OutgoingKind Kind, long Id, ServerCall? Call, RpcException? Error = null);
}
