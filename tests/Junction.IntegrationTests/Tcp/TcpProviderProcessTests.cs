using System.Diagnostics;

namespace Junction.IntegrationTests.Tcp;

/// <summary>
/// A provider process that dies (SIGKILL, no goodbye) while calls are in flight: the calls fail fast with
/// <c>Unavailable</c> instead of waiting for their timeout, calls while it is down fail fast, and the same client
/// reconnects by itself once a new process serves on the same port.
/// </summary>
public sealed class TcpProviderProcessTests(ITestOutputHelper output)
{
    private const int CallTimeoutMs = 30_000;
    private static readonly TimeSpan Prompt = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Killing_the_provider_fails_pending_calls_fast_and_the_client_reconnects_to_its_restart()
    {
        ProviderProcess? second = null;
        await using var first = await ProviderProcess.StartAsync(port: 0);
        try
        {
            await using var client = EchoClient.Direct(first.Url, CallTimeoutMs, o =>
            {
                // Retry the connection often, so the restart is found soon (the default backoff grows to 10 s).
                o.Tcp.ReconnectMinDelayMs = 50;
                o.Tcp.ReconnectMaxDelayMs = 500;
            });
            Assert.Equal(first.Name, await client.Proxy.WhoAsync());

            var pending = new Task<string>[8];
            for (var i = 0; i < pending.Length; i++)
            {
                var holding = first.WaitForLineAsync($"HOLDING pending-{i}");
                pending[i] = client.Proxy.HoldAsync($"pending-{i}");
                await holding.Within(Prompt, $"call pending-{i} reaching the provider process");
            }

            await first.KillAsync();
            var killed = Stopwatch.StartNew();
            foreach (var call in pending)
            {
                // Far sooner than the calls' own 30 s timeout, and naming who went away.
                var (error, _) = await RpcAssert.FailsAsync(RpcStatusCode.Unavailable, () => call, Prompt);
                Assert.Contains($"127.0.0.1:{first.Port}", error.Message);
            }

            output.WriteLine($"8 pending calls failed {killed.ElapsedMilliseconds} ms after the kill");

            // While nobody listens, calls fail at once rather than waiting for their timeout.
            var (down, elapsed) = await RpcAssert.FailsAsync(RpcStatusCode.Unavailable, () => client.Proxy.WhoAsync(), Prompt);
            output.WriteLine($"While down ({elapsed.TotalMilliseconds:0} ms): {down.Message}");
            Assert.True(elapsed < TimeSpan.FromSeconds(5), $"A call to the dead provider took {elapsed.TotalMilliseconds:0} ms to fail.");

            second = await ProviderProcess.StartAsync(first.Port);
            Assert.Equal(first.Port, second.Port);
            var restarted = Stopwatch.StartNew();
            await Eventually.TrueAsync(
                async () =>
                {
                    try
                    {
                        return await client.Proxy.WhoAsync() == second.Name;
                    }
                    catch (RpcException e) when (e.StatusCode == RpcStatusCode.Unavailable)
                    {
                        return false;
                    }
                },
                TimeSpan.FromSeconds(30),
                "the client reconnecting to the restarted provider");
            output.WriteLine($"Reconnected {restarted.ElapsedMilliseconds} ms after the restart was ready");

            var echo = await client.Proxy.EchoAsync(new TestProvider.EchoRequest(7, 8, [1, 2, 3]));
            Assert.Equal(second.Name, echo.Provider);
            Assert.Equal([1, 2, 3], echo.Payload);
        }
        finally
        {
            if (second is not null)
            {
                await second.DisposeAsync();
            }
        }
    }
}
