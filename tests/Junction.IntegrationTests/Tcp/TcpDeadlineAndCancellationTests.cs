using System.Diagnostics;

namespace Junction.IntegrationTests.Tcp;

/// <summary>
/// A call's deadline and its caller's cancellation end the call on the consumer at once and reach the implementation's
/// <see cref="CancellationToken"/> on the provider; the connection keeps serving other calls.
/// </summary>
public sealed class TcpDeadlineAndCancellationTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_call_past_its_deadline_fails_with_DeadlineExceeded_and_the_implementation_sees_its_token_fire()
    {
        const int timeoutMs = 500;
        var service = new TestEchoService("deadline-provider");
        await using var provider = await TcpProvider.StartAsync(service);

        // Only Hold has the short deadline under test; Who, which checks the connection before and after, has time to
        // spare on a busy machine.
        await using var client = EchoClient.Direct(provider.Url, timeoutMs, o => o.Methods["Who"] = new Hosting.MethodOptions { TimeoutMs = 10_000 });
        // Connected first, so the deadline below is spent on the provider, not on connecting (on a busy machine the
        // first call can take longer than 500 ms to connect).
        await Eventually.TrueAsync(
            async () =>
            {
                try
                {
                    return await client.Proxy.WhoAsync() == "deadline-provider";
                }
                catch (RpcException)
                {
                    return false;
                }
            },
            Generous,
            "the client connecting");
        var held = service.Held("slow");

        var (error, elapsed) = await RpcAssert.FailsAsync(RpcStatusCode.DeadlineExceeded, () => client.Proxy.HoldAsync("slow"), Generous);

        // About the timeout: not early (the clock only starts in the consumer), and not stuck until some later sweep.
        Assert.True(elapsed >= TimeSpan.FromMilliseconds(timeoutMs * 0.9), $"Failed after {elapsed.TotalMilliseconds:0} ms, before its {timeoutMs} ms timeout: {error.Message}");
        Assert.True(elapsed < TimeSpan.FromMilliseconds(timeoutMs) + TimeSpan.FromSeconds(5), $"Failed only after {elapsed.TotalMilliseconds:0} ms: {error.Message}");
        Assert.Contains("IEchoService", error.Message);
        Assert.Contains($"{timeoutMs} ms", error.Message);
        // On a busy machine the consumer's deadline can pass before the provider even started the call: it still runs,
        // with the deadline it was sent, and its token fires at that deadline.
        await held.Started.Task.Within(Generous, "the call reaching the implementation");
        await held.Cancelled.Task.Within(Generous, "the implementation's token firing at the deadline");

        // The connection is fine: the next call is answered.
        Assert.Equal("deadline-provider", await client.Proxy.WhoAsync());
    }

    [Fact]
    public async Task A_call_its_caller_cancels_fails_with_Cancelled_at_once_and_the_cancel_reaches_the_implementation()
    {
        var service = new TestEchoService("cancel-provider");
        await using var provider = await TcpProvider.StartAsync(service);
        await using var client = EchoClient.Direct(provider.Url, timeoutMs: 60_000);
        var held = service.Held("cancel-me");
        using var cancellation = new CancellationTokenSource();

        var call = client.Proxy.HoldAsync("cancel-me", cancellation.Token);
        await held.Started.Task.Within(Generous, "the call reaching the implementation");
        var clock = Stopwatch.StartNew();
        await cancellation.CancelAsync();

        var (error, _) = await RpcAssert.FailsAsync(RpcStatusCode.Cancelled, () => call, Generous);
        // The consumer does not wait for the provider to notice: far less than the 60 s timeout.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"Cancelled only after {clock.Elapsed.TotalMilliseconds:0} ms: {error.Message}");
        Assert.Contains("cancelled by the caller", error.Message);
        await held.Cancelled.Task.Within(Generous, "the cancel event reaching the implementation's token");

        Assert.Equal("cancel-provider", await client.Proxy.WhoAsync());
    }

    [Fact]
    public async Task Cancelling_one_call_leaves_the_other_calls_on_the_connection_alone()
    {
        var service = new TestEchoService("cancel-one-provider");
        await using var provider = await TcpProvider.StartAsync(service);
        await using var client = EchoClient.Direct(provider.Url, timeoutMs: 60_000);
        using var cancellation = new CancellationTokenSource();

        var cancelled = client.Proxy.HoldAsync("cancelled", cancellation.Token);
        var kept = client.Proxy.HoldAsync("kept");
        await service.Held("cancelled").Started.Task.Within(Generous, "the first call reaching the implementation");
        await service.Held("kept").Started.Task.Within(Generous, "the second call reaching the implementation");

        await cancellation.CancelAsync();
        await RpcAssert.FailsAsync(RpcStatusCode.Cancelled, () => cancelled, Generous);
        await service.Held("cancelled").Cancelled.Task.Within(Generous, "the cancel reaching the first call");

        Assert.False(service.Held("kept").Cancelled.Task.IsCompleted, "Cancelling one call cancelled another.");
        service.Held("kept").Release.SetResult();
        Assert.Equal("kept done by cancel-one-provider", await kept.Within(Generous, "the second call completing"));
    }
}
