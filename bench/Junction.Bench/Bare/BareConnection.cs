using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Logging.Abstractions;

namespace Junction.Bench.Bare;

/// <summary>
/// One baseline client connection: Kestrel's socket connection over a connected socket. Callers queue their calls in
/// a channel; ONE writer loop drains everything queued into the pipe and flushes once per batch, and one reader loop
/// completes calls by request id. That is the coalescing design of GRPC-AND-PERF.md §4, with nothing else.
/// </summary>
internal sealed class BareConnection : IAsyncDisposable
{
    private readonly SocketConnectionContextFactory _factory;
    private readonly ConnectionContext _connection;
    private readonly BareCall[] _calls;
    private readonly int _index;
    private readonly int _count;
    private readonly Channel<BareCall> _queue = Channel.CreateUnbounded<BareCall>(new UnboundedChannelOptions
    {
        SingleReader = true,
        SingleWriter = false,
        AllowSynchronousContinuations = false,
    });

    private readonly Task _writing;
    private readonly Task _reading;

    private BareConnection(SocketConnectionContextFactory factory, ConnectionContext connection, BareCall[] calls, int index, int count)
    {
        _index = index;
        _count = count;
        _factory = factory;
        _connection = connection;
        _calls = calls;
        _writing = WriteAsync(connection.Transport.Output);
        _reading = ReadAsync(connection.Transport.Input);
    }

    /// <summary>
    /// Connects to the server. <paramref name="calls"/> maps request-id slots to calls; this connection, number
    /// <paramref name="index"/> of <paramref name="count"/>, carries the calls of slots index, index + count, …
    /// </summary>
    public static async Task<BareConnection> ConnectAsync(int port, BareCall[] calls, int index, int count)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port)).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        var factory = new SocketConnectionContextFactory(new SocketConnectionFactoryOptions(), NullLogger.Instance);
        return new BareConnection(factory, factory.Create(socket), calls, index, count);
    }

    /// <summary>Sends a call; the result completes when its response arrives.</summary>
    public ValueTask<int> Send(BareCall call)
    {
        var pending = call.Start();
        if (!_queue.Writer.TryWrite(call))
        {
            call.Fail(new IOException("The connection is closed."));
        }

        return pending;
    }

    private async Task WriteAsync(PipeWriter output)
    {
        await Task.Yield();
        var queue = _queue.Reader;
        try
        {
            while (await queue.WaitToReadAsync().ConfigureAwait(false))
            {
                while (queue.TryRead(out var call))
                {
                    output.Write(call.Frame);
                }

                var flush = await output.FlushAsync().ConfigureAwait(false);
                if (flush.IsCompleted)
                {
                    break;
                }
            }
        }
        catch (Exception exception) when (exception is IOException or ConnectionResetException or OperationCanceledException)
        {
            // The read loop fails the calls in flight.
        }
        finally
        {
            await output.CompleteAsync().ConfigureAwait(false);
        }
    }

    private async Task ReadAsync(PipeReader input)
    {
        await Task.Yield();
        Exception? error = null;
        try
        {
            while (true)
            {
                var result = await input.ReadAsync().ConfigureAwait(false);
                var buffer = result.Buffer;
                while (BareFrame.TryReadFrame(ref buffer, out var id, out var body))
                {
                    // Response body: attachments, then the payload.
                    var reader = new SequenceReader<byte>(body);
                    BareFrame.SkipAttachments(ref reader);
                    var slot = BareCall.SlotOf(id);
                    if (slot < _calls.Length && _calls[slot].Id == id)
                    {
                        _calls[slot].Complete(body.Slice(reader.Position));
                    }
                }

                input.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted || result.IsCanceled)
                {
                    break;
                }
            }
        }
        catch (Exception exception) when (exception is InvalidDataException or IOException or ConnectionResetException or OperationCanceledException)
        {
            error = exception;
        }
        finally
        {
            await input.CompleteAsync().ConfigureAwait(false);
        }

        _queue.Writer.TryComplete();
        error ??= new IOException("The server closed the connection.");
        for (var i = _index; i < _calls.Length; i += _count)
        {
            // A call whose response never came fails instead of hanging its caller.
            _calls[i].Fail(error);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writing.ConfigureAwait(false);
        _connection.Abort();
        await _reading.ConfigureAwait(false);
        await _connection.DisposeAsync().ConfigureAwait(false);
        _factory.Dispose();
    }
}
