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

    [Fact]
    public async Task A_caller_that_blocks_after_its_await_does_not_hold_up_the_responses_read_with_its_own()
    {
        var service = new TestEchoService("slow-caller");
        await using var provider = await TcpProvider.StartAsync(service);
        await using var client = EchoClient.Direct(provider.Url, timeoutMs: 30_000);
        Assert.Equal("slow-caller", await client.Proxy.WhoAsync());

        // Many calls at once, so responses arrive together; the first caller to continue blocks until all the others
        // have their answers. Were the callers of one read run one after another, the blocked one would hold the rest.
        const int calls = 32;
        var others = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var answered = 0;
        var blocker = 0;
        var tasks = Enumerable.Range(0, calls).Select(_ => client.Proxy.WhoAsync().ContinueWith(
            t =>
            {
                if (Interlocked.Exchange(ref blocker, 1) == 0)
                {
                    return others.Task.Wait(Generous) ? t.Result : "the others never arrived";
                }

                if (Interlocked.Increment(ref answered) == calls - 1)
                {
                    others.TrySetResult();
                }

                return t.Result;
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default)).ToArray();

        var results = await Task.WhenAll(tasks).WaitAsync(Generous * 2);
        Assert.All(results, r => Assert.Equal("slow-caller", r));
    }
}
