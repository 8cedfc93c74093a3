using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Junction.IntegrationTests.Tcp;

/// <summary>
/// Heartbeats keep an idle connection open for as long as both sides live, and find a peer that went silent: a
/// consumer drops a provider that stopped answering within about three intervals (its calls fail with
/// <c>Unavailable</c> long before their timeout) and reconnects; a provider drops a consumer that sends nothing.
/// </summary>
[Collection(TcpLoadCollection.Name)]
public sealed class TcpHeartbeatTests(ITestOutputHelper output)
{
    // Short, so the tests are quick; not shorter: on a busy machine (this process runs everything on a thread pool
    // shared with the other tests) a 300 ms interval was seen to stall past the two intervals that drop a live
    // connection.
    private const int IntervalMs = 500;

    // Where a live connection must survive many intervals, a longer one: a stall past two short intervals (one second)
    // would drop it, and the test's assertion is about staying open, not about how fast.
    private const int KeepOpenIntervalMs = 1000;
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task An_idle_connection_stays_open_across_many_intervals_and_serves_the_next_call()
    {
        var serverLogs = new LogCapture();
        var clientLogs = new LogCapture();
        using var clientLogging = LoggerFactory.Create(b => b.AddProvider(clientLogs).SetMinimumLevel(LogLevel.Debug));
        await using var provider = await TcpProvider.StartAsync(new TestEchoService("heartbeat-provider"), tcp => tcp.HeartbeatIntervalMs = KeepOpenIntervalMs, logs: serverLogs);
        await using var proxy = TcpProxy.Start(provider.Port);
        await using var client = EchoClient.Direct(proxy.Url, configure: o =>
        {
            o.Tcp.HeartbeatIntervalMs = KeepOpenIntervalMs;
            o.LoggerFactory = clientLogging;
        });

        Assert.Equal("heartbeat-provider", await client.Proxy.WhoAsync());

        // Idle for at least five intervals, well past the three after which either side would drop a silent peer:
        // only the heartbeats (and their answers) cross the connection.
        var idle = Stopwatch.StartNew();
        await Eventually.TrueAsync(() => proxy.HeartbeatRequests >= 5 && proxy.HeartbeatReplies >= 5, 2 * Generous, "five heartbeats and their answers");
        output.WriteLine($"{proxy.HeartbeatRequests} heartbeats, {proxy.HeartbeatReplies} answers in {idle.ElapsedMilliseconds} ms idle");

        Assert.Equal("heartbeat-provider", await client.Proxy.WhoAsync());
        Assert.True(
            proxy.Accepted == 1,
            $"The client had to reconnect: {proxy.Accepted} connections.{Environment.NewLine}Provider:{Environment.NewLine}{serverLogs.Describe(e => e.Category.StartsWith("Junction", StringComparison.Ordinal))}{Environment.NewLine}Consumer:{Environment.NewLine}{clientLogs.Describe()}");
    }

    [Fact]
    public async Task A_provider_that_stops_answering_is_dropped_within_about_three_intervals_and_the_client_reconnects()
    {
        await using var silent = SilentServer.Start();
        await using var client = EchoClient.Direct(silent.Url, timeoutMs: 30_000, o =>
        {
            o.Tcp.HeartbeatIntervalMs = IntervalMs;
            o.Tcp.ReconnectMinDelayMs = 50;
            o.Tcp.ReconnectMaxDelayMs = 200;
        });

        var (error, elapsed) = await RpcAssert.FailsAsync(RpcStatusCode.Unavailable, () => client.Proxy.WhoAsync(), Generous);
        output.WriteLine($"Failed after {elapsed.TotalMilliseconds:0} ms: {error.Message}");

        Assert.Contains("3 heartbeat intervals", error.Message);
        Assert.Contains($"127.0.0.1:{silent.Port}", error.Message);
        // Not at once (the peer is connected), and not at the 30 s timeout: after about three intervals.
        Assert.True(elapsed >= TimeSpan.FromMilliseconds(2 * IntervalMs), $"Dropped after only {elapsed.TotalMilliseconds:0} ms.");
        Assert.True(elapsed < TimeSpan.FromSeconds(5), $"Dropped only after {elapsed.TotalMilliseconds:0} ms.");
        await Eventually.TrueAsync(() => silent.Accepted >= 2, Generous, "the client connecting again");
    }

    [Fact]
    public async Task A_provider_closes_a_connection_that_sends_nothing_for_three_intervals()
    {
        await using var provider = await TcpProvider.StartAsync(new TestEchoService("idle-closing-provider"), tcp => tcp.HeartbeatIntervalMs = IntervalMs);
        using var raw = await RawFrames.ConnectAsync(provider.Port);
        var clock = Stopwatch.StartNew();
        using var deadline = new CancellationTokenSource(Generous);

        Assert.True(await RawFrames.WaitForCloseAsync(raw, deadline.Token), "The provider kept a silent connection open.");
        output.WriteLine($"Closed after {clock.ElapsedMilliseconds} ms");
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(2 * IntervalMs), $"Closed after only {clock.ElapsedMilliseconds} ms.");
    }
}
