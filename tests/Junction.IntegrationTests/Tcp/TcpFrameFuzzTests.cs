using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;
using Junction.TestProvider;
using Microsoft.Extensions.Logging;

namespace Junction.IntegrationTests.Tcp;

/// <summary>
/// Thousands of random and mutated frames (fixed seeds) against a running provider, from raw sockets, while a healthy
/// client calls it in a loop: the provider never fails a healthy call, closes the connections that break the frame
/// rules, answers what it can on the others, logs no unexpected exception, and still stops promptly.
/// </summary>
[Collection(TcpLoadCollection.Name)]
public sealed class TcpFrameFuzzTests(ITestOutputHelper output)
{
    private const int MaxMessageSize = 64 * 1024;
    private const int ShutdownTimeoutMs = 10_000;
    private const int Workers = 4;
    private const int CasesPerWorker = 750;
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Random_and_mutated_frames_never_disturb_the_provider_or_its_healthy_clients()
    {
        var logs = new LogCapture();
        var provider = await TcpProvider.StartAsync(new TestEchoService("fuzzed-provider"), tcp =>
        {
            tcp.MaxMessageSize = MaxMessageSize;
            tcp.ShutdownTimeoutMs = ShutdownTimeoutMs;
        }, logs: logs);
        var stopped = false;
        using var fuzzing = new CancellationTokenSource();
        try
        {
            await using var client = EchoClient.Direct(provider.Url, timeoutMs: 30_000);
            var healthy = CallInALoopAsync(client.Proxy, fuzzing.Token);

            var stats = new ConcurrentDictionary<string, int>();
            var fuzzers = new Fuzzer[Workers];
            var workers = new Task[Workers];
            for (var i = 0; i < Workers; i++)
            {
                fuzzers[i] = new Fuzzer(provider.Port, seed: 1000 + i, stats);
                workers[i] = fuzzers[i].RunAsync(CasesPerWorker);
            }

            await Task.WhenAll(workers).Within(TimeSpan.FromSeconds(60), "the fuzzers finishing");
            output.WriteLine($"{fuzzers.Sum(f => f.FramesSent)} frames in {Workers * CasesPerWorker} cases");
            await fuzzing.CancelAsync();
            var (succeeded, failures) = await healthy;

            output.WriteLine(string.Join(Environment.NewLine, stats.OrderBy(s => s.Key).Select(s => $"{s.Key}: {s.Value}")));
            output.WriteLine($"healthy client: {succeeded} calls succeeded");
            Assert.True(failures.Count == 0, $"{failures.Count} healthy call(s) failed while fuzzing, first: {failures.FirstOrDefault()}");
            Assert.True(succeeded > 0, "The healthy client made no call.");
            Assert.True(stats.Values.Sum() >= Workers * CasesPerWorker, "Not every fuzz case ran.");

            // A new client is served as well as before.
            await using (var fresh = EchoClient.Direct(provider.Url))
            {
                Assert.Equal("fuzzed-provider", await fresh.Proxy.WhoAsync());
            }

            var clock = Stopwatch.StartNew();
            stopped = true;
            await provider.DisposeAsync().AsTask().Within(TimeSpan.FromMilliseconds(ShutdownTimeoutMs) + Generous, "the provider stopping");
            // No call was left counted as running (which would hold the stop until its timeout).
            Assert.True(clock.Elapsed < TimeSpan.FromMilliseconds(ShutdownTimeoutMs), $"Stopping took {clock.ElapsedMilliseconds} ms.");

            var unexpected = logs.Describe(e => e.Level >= LogLevel.Error || (e.Level >= LogLevel.Warning && (e.Exception is not null || e.Message.Contains("still running", StringComparison.Ordinal))));
            Assert.True(unexpected.Length == 0, "The provider logged unexpected failures:" + Environment.NewLine + unexpected);
        }
        finally
        {
            // The healthy loop stops even when the test failed half way.
            await fuzzing.CancelAsync();
            if (!stopped)
            {
                await provider.DisposeAsync();
            }
        }
    }

    [Theory]
    [InlineData(100UL * 365 * 24 * 3600 * 1_000_000)] // a century, in microseconds
    [InlineData(ulong.MaxValue)]
    public async Task A_request_whose_deadline_is_far_away_runs_until_it_is_done_and_its_connection_stays_open(ulong timeoutMicros)
    {
        var logs = new LogCapture();
        var service = new TestEchoService("patient-provider");
        await using var provider = await TcpProvider.StartAsync(service, logs: logs);
        using var socket = await RawFrames.ConnectAsync(provider.Port);
        using var deadline = new CancellationTokenSource(Generous);
        var twoWay = (byte)(RawFrames.Request | RawFrames.TwoWay);
        try
        {
            await socket.SendAsync(RawFrames.Frame(twoWay, 1, RawFrames.RequestBody(TcpProvider.ServiceKey, "Hold", timeoutMicros, [], RawFrames.StringField(1, "far"))));
            await service.Held("far").Started.Task.Within(Generous, "the far-deadline call reaching the implementation");

            // A call with a 50 ms deadline on the same connection: once the provider has failed it, it has checked the
            // deadlines of the calls in flight, the far one included.
            await socket.SendAsync(RawFrames.Frame(twoWay, 2, RawFrames.RequestBody(TcpProvider.ServiceKey, "Hold", 50_000, [], RawFrames.StringField(1, "near"))));
            var near = await ReadAnswerAsync(socket, 2, deadline.Token, logs);
            Assert.Equal((byte)RpcStatusCode.DeadlineExceeded, near.Status);

            Assert.False(service.Held("far").Cancelled.Task.IsCompleted, "The call with a far deadline was cancelled as if it had passed.");
            service.Held("far").Release.SetResult();
            var far = await ReadAnswerAsync(socket, 1, deadline.Token, logs);
            Assert.Equal(0, far.Status);
            // The payload is HoldAsync's string result: field 1, length-delimited, after an empty attachment count.
            Assert.Equal(RawFrames.StringField(1, "far done by patient-provider"), far.Body[1..]);

            await socket.SendAsync(RawFrames.Frame((byte)(twoWay | RawFrames.Heartbeat), 3, []));
            Assert.Equal(3, (await ReadAnswerAsync(socket, 3, deadline.Token, logs)).Id);
        }
        finally
        {
            service.Held("far").Release.TrySetResult();
        }
    }

    private static async Task<(byte Flags, byte Status, long Id, byte[] Body)> ReadAnswerAsync(Socket socket, long id, CancellationToken cancellationToken, LogCapture logs)
    {
        while (true)
        {
            var frame = await RawFrames.ReadFrameAsync(socket, cancellationToken);
            Assert.True(frame is not null, $"The provider closed the connection before answering {id}:{Environment.NewLine}{logs.Describe(e => e.Level >= LogLevel.Warning)}");
            if (frame.Value.Id == id)
            {
                return frame.Value;
            }
        }
    }

    private static async Task<(int Succeeded, List<string> Failures)> CallInALoopAsync(IEchoService echo, CancellationToken stop)
    {
        await Task.Yield();
        var random = new Random(42);
        var failures = new List<string>();
        var succeeded = 0;
        for (var sequence = 0; !stop.IsCancellationRequested; sequence++)
        {
            var payload = new byte[random.Next(0, 8_000)];
            random.NextBytes(payload);
            try
            {
                var reply = await echo.EchoAsync(new EchoRequest(0, sequence, payload));
                if (reply.Sequence != sequence || !reply.Payload.AsSpan().SequenceEqual(payload))
                {
                    failures.Add($"call {sequence} got the answer of call {reply.Sequence}");
                }
                else
                {
                    succeeded++;
                }
            }
            catch (RpcException e)
            {
                failures.Add($"call {sequence}: {e.StatusCode} {e.Message}");
            }
        }

        return (succeeded, failures);
    }

    /// <summary>One fuzzing worker: its own seed, its own connections.</summary>
    private sealed class Fuzzer(int port, int seed, ConcurrentDictionary<string, int> stats)
    {
        private static readonly string ServiceKey = TcpProvider.ServiceKey;
        private static readonly string[] Methods = ["Echo", "Hold", "Who", "", "Nope", "echo"];

        private readonly Random _random = new(seed);
        private Socket? _socket;
        private long _nextId = seed * 1_000_000L;

        public async Task RunAsync(int cases)
        {
            try
            {
                for (var i = 0; i < cases; i++)
                {
                    var kind = _random.Next(10);
                    var name = kind switch
                    {
                        0 => await WrongMagicAsync(),
                        1 => await OversizedAsync(),
                        2 => await TruncatedThenCloseAsync(),
                        3 => await RandomBodyAsync(),
                        4 => await MutatedRequestAsync(),
                        5 => await HeartbeatAsync(),
                        6 => await OddEventAsync(),
                        7 => await GarbagePayloadAsync(),
                        8 => await ResponseToServerAsync(),
                        _ => await BackToBackAsync(),
                    };
                    stats.AddOrUpdate(name, 1, static (_, n) => n + 1);
                }
            }
            finally
            {
                _socket?.Dispose();
            }
        }

        /// <summary>Anything but "JC" in the first two bytes: the provider must close the connection.</summary>
        private async Task<string> WrongMagicAsync()
        {
            var magic = (ushort)_random.Next(0, 0x10000);
            if (magic == 0x4A43)
            {
                magic++;
            }

            using var socket = await RawFrames.ConnectAsync(port);
            await socket.SendAsync(Concat(RawFrames.Header(Flags(), 0, NextId(), _random.Next(0, 64), magic), Bytes(_random.Next(0, 64))));
            await ExpectClosedAsync(socket, "wrong magic");
            return "wrong magic: closed";
        }

        /// <summary>A length over MaxMessageSize (or negative): closed before any body arrives.</summary>
        private async Task<string> OversizedAsync()
        {
            var length = _random.Next(3) switch
            {
                0 => MaxMessageSize + 1,
                1 => _random.Next(MaxMessageSize + 1, int.MaxValue),
                _ => -_random.Next(1, int.MaxValue),
            };
            using var socket = await RawFrames.ConnectAsync(port);
            await socket.SendAsync(RawFrames.Header((byte)(RawFrames.Request | RawFrames.TwoWay), 0, NextId(), length));
            await ExpectClosedAsync(socket, $"a {length}-byte length");
            return "oversized: closed";
        }

        /// <summary>A valid request cut short, then the connection ends: nothing to answer, nothing may break.</summary>
        private async Task<string> TruncatedThenCloseAsync()
        {
            var frame = ValidRequest(NextId());
            using var socket = await RawFrames.ConnectAsync(port);
            await socket.SendAsync(frame.AsMemory(0, _random.Next(1, frame.Length)));
            socket.Shutdown(SocketShutdown.Send);
            await ExpectClosedAsync(socket, "a truncated frame");
            return "truncated: closed";
        }

        /// <summary>A valid header over random bytes: answered with an error, or closed as malformed.</summary>
        private async Task<string> RandomBodyAsync()
            => await SendThenProbeAsync(RawFrames.Frame((byte)(RawFrames.Request | RawFrames.TwoWay), NextId(), Bytes(_random.Next(0, 300))), "random body");

        /// <summary>A valid request with some bytes flipped, cut, duplicated or a varint blown up.</summary>
        private async Task<string> MutatedRequestAsync()
        {
            var id = NextId();
            var body = ValidRequestBody(out var timeoutOffset);
            switch (_random.Next(5))
            {
                case 0:
                    for (var flips = _random.Next(1, 4); flips > 0; flips--)
                    {
                        body[_random.Next(body.Length)] ^= (byte)_random.Next(1, 256);
                    }

                    break;
                case 1:
                    body = body[.._random.Next(body.Length)];
                    break;
                case 2:
                    body = [.. body, .. body];
                    break;
                case 3:
                    // The timeout varint replaced by a huge one (years, or the largest a varint holds).
                    var huge = new List<byte>();
                    RawFrames.Varint(huge, _random.Next(2) == 0 ? ulong.MaxValue : (ulong)_random.NextInt64(1L << 40, long.MaxValue));
                    body = [.. body[..timeoutOffset], .. huge, .. body[(timeoutOffset + 1)..]];
                    break;
                default:
                    // An attachment count far larger than the body.
                    body = [.. body[..(timeoutOffset + 1)], 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, .. body[(timeoutOffset + 2)..]];
                    break;
            }

            return await SendThenProbeAsync(RawFrames.Frame((byte)(RawFrames.Request | RawFrames.TwoWay), id, body), "mutated request");
        }

        /// <summary>A heartbeat (with or without a stray body) is answered with a heartbeat of the same id.</summary>
        private async Task<string> HeartbeatAsync()
        {
            var socket = await SocketAsync();
            var id = NextId();
            await socket.SendAsync(RawFrames.Frame((byte)(RawFrames.Request | RawFrames.TwoWay | RawFrames.Heartbeat), id, Bytes(_random.Next(0, 3) == 0 ? _random.Next(1, 20) : 0)));
            await ExpectHeartbeatAsync(socket, id, "a heartbeat");
            return "heartbeat: answered";
        }

        /// <summary>Events of unknown kinds, empty events, cancels of calls that do not exist: ignored.</summary>
        private async Task<string> OddEventAsync()
        {
            byte[] body = _random.Next(4) switch
            {
                0 => [],
                1 => [RawFrames.EventCancel],
                2 => [(byte)_random.Next(4, 256), .. Bytes(_random.Next(0, 10))],
                _ => [RawFrames.EventRefused, .. Bytes(_random.Next(0, 10))],
            };
            return await SendThenProbeAsync(RawFrames.Frame((byte)(RawFrames.Request | RawFrames.Event), NextId(), body), "odd event");
        }

        /// <summary>A request the provider can route, whose payload is garbage: answered (an error, or by chance a result).</summary>
        private async Task<string> GarbagePayloadAsync()
        {
            var socket = await SocketAsync();
            var id = NextId();
            var body = RawFrames.RequestBody(ServiceKey, _random.Next(2) == 0 ? "Echo" : "Who", 5_000_000, [], Bytes(_random.Next(1, 200)));
            await socket.SendAsync(RawFrames.Frame((byte)(RawFrames.Request | RawFrames.TwoWay), id, body));
            using var deadline = new CancellationTokenSource(Generous);
            while (true)
            {
                var frame = await RawFrames.ReadFrameAsync(socket, deadline.Token);
                if (frame is null)
                {
                    throw new Xunit.Sdk.XunitException("The provider closed the connection over a request whose frame was valid and only its payload was garbage.");
                }

                if (frame.Value.Id == id && (frame.Value.Flags & (RawFrames.Heartbeat | RawFrames.Event)) == 0)
                {
                    return frame.Value.Status == 0 ? "garbage payload: decoded anyway" : $"garbage payload: status {frame.Value.Status}";
                }
            }
        }

        /// <summary>Response frames the provider never asked for: ignored.</summary>
        private async Task<string> ResponseToServerAsync()
        {
            var flags = (byte)(Flags() & ~RawFrames.Request);
            return await SendThenProbeAsync(RawFrames.Frame(flags, NextId(), Bytes(_random.Next(0, 100)), (byte)_random.Next(256)), "unasked response");
        }

        /// <summary>Several valid frames in one write, split at random points across writes.</summary>
        private async Task<string> BackToBackAsync()
        {
            var socket = await SocketAsync();
            var ids = new List<long>();
            var bytes = new List<byte>();
            for (var i = _random.Next(2, 20); i > 0; i--)
            {
                var id = NextId();
                ids.Add(id);
                bytes.AddRange(_random.Next(2) == 0
                    ? RawFrames.Frame((byte)(RawFrames.Request | RawFrames.TwoWay | RawFrames.Heartbeat), id, [])
                    : ValidRequest(id));
            }

            var all = bytes.ToArray();
            for (var offset = 0; offset < all.Length;)
            {
                var count = Math.Min(all.Length - offset, _random.Next(1, 200));
                await socket.SendAsync(all.AsMemory(offset, count));
                offset += count;
            }

            // Every request and heartbeat is answered exactly once.
            var answered = new HashSet<long>();
            using var deadline = new CancellationTokenSource(Generous);
            while (answered.Count < ids.Count)
            {
                var frame = await RawFrames.ReadFrameAsync(socket, deadline.Token)
                    ?? throw new Xunit.Sdk.XunitException("The provider closed a connection that sent only valid frames.");
                if (!answered.Add(frame.Id))
                {
                    throw new Xunit.Sdk.XunitException($"Frame {frame.Id} was answered twice.");
                }

                if (frame.Status != 0)
                {
                    throw new Xunit.Sdk.XunitException($"A valid request was answered with status {frame.Status}.");
                }
            }

            return "back to back: all answered";
        }

        /// <summary>
        /// Sends <paramref name="frame"/> on the current connection, then a heartbeat: either the heartbeat is answered
        /// (the connection survived) or the connection closes (the frame was rejected); it may not just hang.
        /// </summary>
        private async Task<string> SendThenProbeAsync(byte[] frame, string what)
        {
            var socket = await SocketAsync();
            var probe = NextId();
            try
            {
                await socket.SendAsync(Concat(frame, RawFrames.Frame((byte)(RawFrames.Request | RawFrames.TwoWay | RawFrames.Heartbeat), probe, [])));
            }
            catch (SocketException)
            {
                Drop();
                return what + ": closed";
            }

            using var deadline = new CancellationTokenSource(Generous);
            while (true)
            {
                var answer = await RawFrames.ReadFrameAsync(socket, deadline.Token);
                if (answer is null)
                {
                    Drop();
                    return what + ": closed";
                }

                if (answer.Value.Id == probe && (answer.Value.Flags & RawFrames.Heartbeat) != 0)
                {
                    return what + ": survived";
                }
            }
        }

        private async Task ExpectHeartbeatAsync(Socket socket, long id, string what)
        {
            using var deadline = new CancellationTokenSource(Generous);
            while (true)
            {
                var answer = await RawFrames.ReadFrameAsync(socket, deadline.Token)
                    ?? throw new Xunit.Sdk.XunitException($"The provider closed the connection after {what}.");
                if (answer.Id == id && (answer.Flags & RawFrames.Heartbeat) != 0)
                {
                    return;
                }
            }
        }

        private static async Task ExpectClosedAsync(Socket socket, string what)
        {
            using var deadline = new CancellationTokenSource(Generous);
            if (!await RawFrames.WaitForCloseAsync(socket, deadline.Token))
            {
                throw new Xunit.Sdk.XunitException($"The provider did not close a connection that sent {what}.");
            }
        }

        private async Task<Socket> SocketAsync() => _socket ??= await RawFrames.ConnectAsync(port);

        private void Drop()
        {
            _socket?.Dispose();
            _socket = null;
        }

        /// <summary>Frames sent (each fuzz case sends one or more, some cut short).</summary>
        public int FramesSent { get; private set; }

        private long NextId()
        {
            FramesSent++;
            return _nextId++;
        }

        private byte Flags() => (byte)_random.Next(0, 16);

        private byte[] Bytes(int count)
        {
            var bytes = new byte[count];
            _random.NextBytes(bytes);
            return bytes;
        }

        private byte[] ValidRequest(long id) => RawFrames.Frame((byte)(RawFrames.Request | RawFrames.TwoWay), id, ValidRequestBody(out _));

        /// <summary>
        /// A well-formed request of a method that answers at once, without a deadline; <paramref name="timeoutOffset"/>
        /// is where its timeout varint (one byte, 0) is, followed by the attachment count (one byte).
        /// </summary>
        private byte[] ValidRequestBody(out int timeoutOffset)
        {
            var method = Methods[_random.Next(3) == 0 ? 2 : 0];
            var prefix = new List<byte>();
            RawFrames.String(prefix, ServiceKey);
            RawFrames.String(prefix, method);
            timeoutOffset = prefix.Count;
            var payload = method == "Echo" ? EchoPayload() : [];
            return RawFrames.RequestBody(ServiceKey, method, 0, _random.Next(2) == 0 ? [] : [("k", "v")], payload);
        }

        private byte[] EchoPayload()
        {
            // EchoRequest { caller = 1 (varint), sequence = 2 (varint), payload = 3 (bytes) }
            var payload = new List<byte> { 0x08, (byte)_random.Next(1, 128), 0x10, (byte)_random.Next(1, 128), 0x1A };
            var bytes = Bytes(_random.Next(0, 100));
            RawFrames.Varint(payload, (ulong)bytes.Length);
            payload.AddRange(bytes);
            return [.. payload];
        }

        private static byte[] Concat(byte[] a, byte[] b) => [.. a, .. b];
    }
}
