using System.Diagnostics;
using Junction.TestProvider;

namespace Junction.IntegrationTests.Tcp;

/// <summary>
/// Many callers share the client's connections: every call must get its own answer back, whatever its size, including
/// frames of more than 1 MiB that span many pipe segments (and the transport's default 1 MiB read buffer).
/// </summary>
[Collection(TcpLoadCollection.Name)]
public sealed class TcpConcurrencyTests(ITestOutputHelper output)
{
    private const int Callers = 64;
    private const int CallsPerCaller = 200;

    /// <summary>Payload sizes around varint and segment boundaries; about one call in 200 carries more than 1 MiB instead.</summary>
    private static readonly int[] Sizes = [0, 1, 127, 128, 4_000, 16_383, 70_000];

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public async Task Concurrent_calls_of_every_size_each_get_their_own_answer(int connections)
    {
        await using var provider = await TcpProvider.StartAsync(new TestEchoService("echo-provider"));
        // The proxy counts the connections the client opens and the requests each one carries.
        await using var proxy = TcpProxy.Start(provider.Port);
        await using var client = EchoClient.Direct(proxy.Url, timeoutMs: 30_000, o => o.Connections = connections);
        var echo = client.Proxy;

        var clock = Stopwatch.StartNew();
        var callers = new Task[Callers];
        for (var caller = 0; caller < Callers; caller++)
        {
            callers[caller] = CallRepeatedlyAsync(echo, caller);
        }

        await Task.WhenAll(callers).Within(TimeSpan.FromSeconds(60), $"{Callers} callers × {CallsPerCaller} calls");
        output.WriteLine($"{Callers * CallsPerCaller} calls over {connections} connection(s) in {clock.ElapsedMilliseconds} ms");

        Assert.Equal(connections, proxy.Accepted);
        Assert.Equal(Callers * CallsPerCaller, proxy.RequestsByConnection.Values.Sum());
        Assert.True(proxy.RequestsByConnection.Count == connections, $"Calls went over {proxy.RequestsByConnection.Count} of {connections} connections.");
    }

    [Fact]
    public async Task A_message_just_under_MaxMessageSize_gets_through_and_a_larger_one_fails_alone_with_ResourceExhausted()
    {
        const int maxMessageSize = 8 * 1024 * 1024;
        await using var provider = await TcpProvider.StartAsync(new TestEchoService("big-provider"), tcp => tcp.MaxMessageSize = maxMessageSize);
        await using var client = EchoClient.Direct(provider.Url, timeoutMs: 30_000, o => o.Tcp.MaxMessageSize = maxMessageSize);
        var random = new Random(8);

        var big = new byte[maxMessageSize - 1024];
        random.NextBytes(big);
        var reply = await client.Proxy.EchoAsync(new EchoRequest(1, 1, big));
        Assert.True(reply.Payload.AsSpan().SequenceEqual(big), "The largest allowed message came back changed.");

        var (error, _) = await RpcAssert.FailsAsync(
            RpcStatusCode.ResourceExhausted,
            () => client.Proxy.EchoAsync(new EchoRequest(1, 2, new byte[maxMessageSize + 1])),
            TimeSpan.FromSeconds(30));
        Assert.Contains("TcpOptions.MaxMessageSize", error.Message);

        // Only that call failed: the connection carries the next one.
        Assert.Equal("big-provider", await client.Proxy.WhoAsync());
    }

    private static async Task CallRepeatedlyAsync(IEchoService echo, int caller)
    {
        await Task.Yield();
        var random = new Random(caller);
        for (var sequence = 0; sequence < CallsPerCaller; sequence++)
        {
            var size = (caller + sequence) % 199 == 0 ? (1 << 20) + caller : Sizes[(caller * 7 + sequence) % Sizes.Length];
            var payload = new byte[size];
            random.NextBytes(payload);

            var reply = await echo.EchoAsync(new EchoRequest(caller, sequence, payload));

            if (reply.Caller != caller || reply.Sequence != sequence || !reply.Payload.AsSpan().SequenceEqual(payload))
            {
                Assert.Fail($"Caller {caller} call {sequence} ({size} bytes) got the answer of caller {reply.Caller} call {reply.Sequence} ({reply.Payload.Length} bytes).");
            }
        }
    }
}
