namespace Junction.IntegrationTests.Tcp;

/// <summary>
/// How responses reach callers: together per read, off the connection's read loop. A caller whose code after its await
/// blocks — even on another call over the same connection — must not stall or deadlock the connection.
/// </summary>
public sealed class TcpCompletionTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_caller_that_blocks_on_another_call_over_the_same_connection_after_its_await_does_not_deadlock()
    {
        await using var provider = await TcpProvider.StartAsync(new TestEchoService("blocking-caller"));
        await using var client = EchoClient.Direct(provider.Url, timeoutMs: 30_000);
        Assert.Equal("blocking-caller", await client.Proxy.WhoAsync());

        // ExecuteSynchronously: the continuation runs where the first call completes, and blocks that thread until a
        // second call, whose response comes over the same connection, has returned.
        var nested = client.Proxy.WhoAsync().ContinueWith(
            first => first.Result + " then " + client.Proxy.WhoAsync().GetAwaiter().GetResult(),
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);

        Assert.Equal("blocking-caller then blocking-caller", await nested.WaitAsync(Generous));
    }
}
