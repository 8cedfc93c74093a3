using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text;

namespace Junction.IntegrationTests.Tcp;

/// <summary>
/// <see cref="Protocols.Tcp.TcpOptions.Accepts"/> caps a provider's connections: one more is refused with a REFUSED event
/// that says why and then closed, a client behind it fails with <c>Unavailable</c> naming the limit (never a stale or
/// lost reason), and it gets in once a connection is free.
/// </summary>
public sealed class TcpAcceptsTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_connection_over_the_limit_receives_a_REFUSED_event_with_the_reason_and_then_is_closed()
    {
        await using var provider = await TcpProvider.StartAsync(new TestEchoService("one-seat-provider"), tcp => tcp.Accepts = 1);
        await using var first = EchoClient.Direct(provider.Url);
        Assert.Equal("one-seat-provider", await first.Proxy.WhoAsync());

        using var raw = await RawFrames.ConnectAsync(provider.Port);
        using var deadline = new CancellationTokenSource(Generous);
        var frame = await RawFrames.ReadFrameAsync(raw, deadline.Token);

        Assert.True(frame is not null, "The connection over the limit was closed without a REFUSED event.");
        var (flags, _, _, body) = frame.Value;
        Assert.True((flags & RawFrames.Event) != 0, $"Expected an event, got flags 0x{flags:X2}.");
        Assert.Equal(RawFrames.EventRefused, body[0]);
        var reason = ReadString(body.AsSpan(1));
        Assert.Contains("at most 1 connection", reason);
        Assert.Contains("TcpOptions.Accepts", reason);
        // Like a Junction client, this one closes its side once it has the reason; the provider then closes its own
        // (it waits for that, so that no reset can destroy the REFUSED frame before a client reads it).
        raw.Shutdown(SocketShutdown.Send);
        Assert.True(await RawFrames.WaitForCloseAsync(raw, deadline.Token), "The refused connection was not closed.");

        // The connection inside the limit is not affected.
        Assert.Equal("one-seat-provider", await first.Proxy.WhoAsync());
    }

    [Fact]
    public async Task A_client_over_the_limit_fails_with_Unavailable_and_gets_in_when_a_seat_frees()
    {
        await using var provider = await TcpProvider.StartAsync(new TestEchoService("one-seat-provider"), tcp => tcp.Accepts = 1);
        var first = EchoClient.Direct(provider.Url);
        try
        {
            Assert.Equal("one-seat-provider", await first.Proxy.WhoAsync());

            await using var second = EchoClient.Direct(provider.Url, configure: o =>
            {
                o.Tcp.ReconnectMinDelayMs = 50;
                o.Tcp.ReconnectMaxDelayMs = 200;
            });
            var (error, _) = await RpcAssert.FailsAsync(RpcStatusCode.Unavailable, () => second.Proxy.WhoAsync(), Generous);
            // A call already sent when the refusal arrives fails with the provider's reason. One made after it finds no
            // available provider, and the cluster's message does not say why (a gap in ClusterInvoker.NoProvider,
            // which sees no provider's last error): both happen, depending on timing.
            Assert.True(
                error.Message.Contains("at most 1 connection(s) (TcpOptions.Accepts)", StringComparison.Ordinal)
                || error.Message.Contains("none of its 1 provider(s) is available", StringComparison.Ordinal),
                "Unexpected message: " + error.Message);

            await first.DisposeAsync();
            await Eventually.TrueAsync(
                async () =>
                {
                    try
                    {
                        return await second.Proxy.WhoAsync() == "one-seat-provider";
                    }
                    catch (RpcException e) when (e.StatusCode == RpcStatusCode.Unavailable)
                    {
                        return false;
                    }
                },
                Generous,
                "the refused client connecting once the first one left");
        }
        finally
        {
            await first.DisposeAsync();
        }
    }

    [Fact]
    public async Task Clients_over_the_limit_are_told_the_reason_and_never_a_stale_one()
    {
        await using var provider = await TcpProvider.StartAsync(new TestEchoService("one-seat-provider"), tcp => tcp.Accepts = 1);
        await using var first = EchoClient.Direct(provider.Url);
        Assert.Equal("one-seat-provider", await first.Proxy.WhoAsync());

        var messages = new ConcurrentBag<string>();
        for (var i = 0; i < 80; i++)
        {
            await using var refused = EchoClient.Direct(provider.Url);
            // Several calls at once, while the client connects and is refused.
            var calls = new Task[8];
            for (var c = 0; c < calls.Length; c++)
            {
                calls[c] = Task.Run(async () =>
                {
                    var (error, _) = await RpcAssert.FailsAsync(RpcStatusCode.Unavailable, () => refused.Proxy.WhoAsync(), Generous);
                    messages.Add(error.Message);
                });
            }

            await Task.WhenAll(calls);
        }

        var kinds = messages.GroupBy(m => m.Contains("TcpOptions.Accepts", StringComparison.Ordinal) ? "names the limit" : m).ToList();
        output.WriteLine(string.Join(Environment.NewLine, kinds.Select(k => $"{k.Count()} × {k.Key}")));
        // Each call names the limit, unless it found no provider available at all (see the test above). Calls racing the
        // refusal used to report the connection's previous state ("not connected yet"), or a reset that had destroyed
        // the REFUSED frame ("connection reset").
        Assert.All(messages, m => Assert.True(
            m.Contains("at most 1 connection(s) (TcpOptions.Accepts)", StringComparison.Ordinal)
            || m.Contains("none of its 1 provider(s) is available", StringComparison.Ordinal),
            "Unexpected message: " + m));
    }

    private static string ReadString(ReadOnlySpan<byte> bytes)
    {
        ulong length = 0;
        var i = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = bytes[i++];
            length |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                break;
            }
        }

        return Encoding.UTF8.GetString(bytes.Slice(i, (int)length));
    }
}
