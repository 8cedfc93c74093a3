using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Junction.Bench.Bare;

/// <summary>
/// The baseline's server: Kestrel's socket transport without Kestrel's HTTP server, answering every request frame with
/// a response frame carrying the request's payload. Frames are answered inline as they are parsed, and the answers to
/// one read batch leave in one flush — the least a multiplexed binary protocol server can do.
/// </summary>
internal sealed class BareServer : IAsyncDisposable
{
    private readonly IConnectionListener _listener;
    private readonly List<(ConnectionContext Connection, Task Serving)> _connections = [];
    private readonly Task _accepting;

    private BareServer(IConnectionListener listener)
    {
        _listener = listener;
        Port = ((IPEndPoint)listener.EndPoint).Port;
        _accepting = AcceptAsync();
    }

    /// <summary>The port the operating system chose on 127.0.0.1.</summary>
    public int Port { get; }

    public static async Task<BareServer> StartAsync()
    {
        var transport = new SocketTransportFactory(Options.Create(new SocketTransportOptions()), NullLoggerFactory.Instance);
        var listener = await transport.BindAsync(new IPEndPoint(IPAddress.Loopback, 0)).ConfigureAwait(false);
        return new BareServer(listener);
    }

    private async Task AcceptAsync()
    {
        while (await _listener.AcceptAsync().ConfigureAwait(false) is { } connection)
        {
            lock (_connections)
            {
                _connections.Add((connection, ServeAsync(connection.Transport)));
            }
        }
    }

    private static async Task ServeAsync(IDuplexPipe transport)
    {
        await Task.Yield();
        var input = transport.Input;
        var output = transport.Output;
        try
        {
            while (true)
            {
                var result = await input.ReadAsync().ConfigureAwait(false);
                var buffer = result.Buffer;
                var answered = false;
                while (BareFrame.TryReadFrame(ref buffer, out var id, out var body))
                {
                    Answer(id, body, output);
                    answered = true;
                }

                input.AdvanceTo(buffer.Start, buffer.End);
                if (answered)
                {
                    var flush = await output.FlushAsync().ConfigureAwait(false);
                    if (flush.IsCompleted)
                    {
                        break;
                    }
                }

                if (result.IsCompleted || result.IsCanceled)
                {
                    break;
                }
            }
        }
        catch (Exception exception) when (exception is InvalidDataException or ConnectionResetException or IOException or OperationCanceledException)
        {
            // The client went away or broke the framing: this connection ends, the server keeps serving.
        }
        finally
        {
            await input.CompleteAsync().ConfigureAwait(false);
            await output.CompleteAsync().ConfigureAwait(false);
        }
    }

    private static void Answer(long id, in ReadOnlySequence<byte> body, PipeWriter output)
    {
        // Request body: service key, method, timeout, attachments, then the payload to echo.
        var reader = new SequenceReader<byte>(body);
        BareFrame.SkipString(ref reader);
        BareFrame.SkipString(ref reader);
        BareFrame.ReadVarint(ref reader);
        BareFrame.SkipAttachments(ref reader);
        var payload = body.Slice(reader.Position);

        // Response body: no attachments, then the payload.
        var header = output.GetSpan(BareFrame.HeaderSize + 1);
        BareFrame.WriteHeader(header, 0, id, 1 + (int)payload.Length);
        header[BareFrame.HeaderSize] = 0;
        output.Advance(BareFrame.HeaderSize + 1);
        BareFrame.Copy(payload, output);
    }

    public async ValueTask DisposeAsync()
    {
        await _listener.UnbindAsync().ConfigureAwait(false);
        await _accepting.ConfigureAwait(false);
        (ConnectionContext Connection, Task Serving)[] connections;
        lock (_connections)
        {
            connections = [.. _connections];
        }

        foreach (var (connection, serving) in connections)
        {
            connection.Abort();
            await serving.ConfigureAwait(false);
            await connection.DisposeAsync().ConfigureAwait(false);
        }

        await _listener.DisposeAsync().ConfigureAwait(false);
    }
}
