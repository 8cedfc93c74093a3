using System.Collections.Concurrent;
using System.Diagnostics;
using Junction.Hosting;
using Junction.TestProvider;

namespace Junction.IntegrationTests.Tcp;

/// <summary>
/// Stopping a provider host: it tells its consumers it is read-only, lets the calls in flight finish, refuses new ones
/// with <c>Unavailable</c> (which a consumer may retry elsewhere) instead of leaving them hanging, and is done within
/// <see cref="Protocols.Tcp.TcpOptions.ShutdownTimeoutMs"/> even when a call never finishes.
/// </summary>
public sealed class TcpGracefulStopTests(ITestOutputHelper output)
{
    private const int ShutdownTimeoutMs = 10_000;
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Calls_in_flight_complete_new_calls_are_refused_with_Unavailable_and_the_stop_then_ends()
    {
        var service = new TestEchoService("stopping-provider");
        await using var provider = await TcpProvider.StartAsync(service, tcp => tcp.ShutdownTimeoutMs = ShutdownTimeoutMs);
        await using var client = EchoClient.Direct(provider.Url, timeoutMs: 30_000);
        Assert.Equal("stopping-provider", await client.Proxy.WhoAsync());

        var inflight = await StartHeldCallsAsync(service, client.Proxy, 4);
        var clock = Stopwatch.StartNew();
        var stopping = provider.StopAsync();

        // Callers keep calling while the provider stops: until they learn it is stopping their calls may still be served,
        // after that they must be refused at once with Unavailable, never with another status and never left hanging.
        var outcomes = await CallUntilRefusedAsync(client.Proxy, callers: 4);
        output.WriteLine(string.Join(Environment.NewLine, outcomes.GroupBy(o => o).Select(g => $"{g.Count()} × {g.Key}")));
        Assert.False(stopping.IsCompleted, "The stop did not wait for the calls in flight.");

        foreach (var tag in inflight.Keys)
        {
            service.Held(tag).Release.SetResult();
        }

        foreach (var (tag, call) in inflight)
        {
            Assert.Equal($"{tag} done by stopping-provider", await call.Within(Generous, $"{tag} completing during the stop"));
        }

        await stopping.Within(TimeSpan.FromMilliseconds(ShutdownTimeoutMs) + Generous, "the provider host stopping");
        // The stop waited for the calls, not for its timeout.
        Assert.True(clock.Elapsed < TimeSpan.FromMilliseconds(ShutdownTimeoutMs), $"The stop took {clock.ElapsedMilliseconds} ms although its calls had finished.");
    }

    [Fact]
    public async Task A_call_that_never_finishes_does_not_hold_the_stop_past_ShutdownTimeoutMs_and_its_caller_is_told()
    {
        const int shutdownTimeoutMs = 1_000;
        var service = new TestEchoService("stuck-provider") { IgnoreCancellation = true };
        await using var provider = await TcpProvider.StartAsync(service, tcp => tcp.ShutdownTimeoutMs = shutdownTimeoutMs);
        await using var client = EchoClient.Direct(provider.Url, timeoutMs: 60_000);
        try
        {
            var stuck = client.Proxy.HoldAsync("stuck");
            await service.Held("stuck").Started.Task.Within(Generous, "the call reaching the implementation");

            var clock = Stopwatch.StartNew();
            await provider.StopAsync().Within(TimeSpan.FromMilliseconds(shutdownTimeoutMs) + Generous, "the provider host stopping");
            output.WriteLine($"Stopped in {clock.ElapsedMilliseconds} ms");
            Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(shutdownTimeoutMs * 0.9), $"The stop gave the call only {clock.ElapsedMilliseconds} ms.");

            // The consumer learns the call is lost when the connection closes, not at its 60 s timeout.
            var (error, _) = await RpcAssert.FailsAsync(RpcStatusCode.Unavailable, () => stuck, Generous);
            Assert.Contains($"127.0.0.1:{provider.Port}", error.Message);
        }
        finally
        {
            service.Held("stuck").Release.TrySetResult();
        }
    }

    [Fact]
    public async Task Through_the_registry_calls_in_flight_complete_when_their_provider_stops_and_new_calls_go_to_the_other()
    {
        var registry = new Registry.InMemoryRegistry();
        var stopping = new TestEchoService("registry-stopping-provider");
        var staying = new TestEchoService("registry-staying-provider");
        await using var first = await TcpProvider.StartAsync(stopping, tcp => tcp.ShutdownTimeoutMs = ShutdownTimeoutMs, registry);
        await using var second = await TcpProvider.StartAsync(staying, tcp => tcp.ShutdownTimeoutMs = ShutdownTimeoutMs, registry);
        await using var client = new EchoClient<IEchoService>(new JunctionClientOptions
        {
            Registry = registry,
            LoadBalance = "roundrobin",
            TimeoutMs = 30_000,
            Application = "tcp-integration-tests",
        });

        // Round robin: calls alternate, so held calls land on both providers.
        var held = new Dictionary<string, Task<string>>();
        for (var i = 0; i < 6; i++)
        {
            held[$"held-{i}"] = client.Proxy.HoldAsync($"held-{i}");
        }

        var onStopping = await WaitForHeldAsync(stopping, staying, held.Keys);
        Assert.NotEmpty(onStopping);

        var stop = first.StopAsync();
        // Withdrawn from the registry first: from then on new calls go to the provider that stays, and succeed.
        await Eventually.TrueAsync(() => registry.GetInstances(TcpProvider.ServiceKey).Count == 1, Generous, "the stopping provider leaving the registry");
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal("registry-staying-provider", await client.Proxy.WhoAsync().Within(Generous, "a call during the stop"));
        }

        foreach (var tag in held.Keys)
        {
            stopping.Held(tag).Release.TrySetResult();
            staying.Held(tag).Release.TrySetResult();
        }

        foreach (var (tag, call) in held)
        {
            var answer = await call.Within(Generous, $"{tag} completing");
            Assert.EndsWith(onStopping.Contains(tag) ? "registry-stopping-provider" : "registry-staying-provider", answer);
        }

        await stop.Within(TimeSpan.FromMilliseconds(ShutdownTimeoutMs) + Generous, "the provider host stopping");
    }

    private static async Task<Dictionary<string, Task<string>>> StartHeldCallsAsync(TestEchoService service, IEchoService client, int count)
    {
        var calls = new Dictionary<string, Task<string>>();
        for (var i = 0; i < count; i++)
        {
            calls[$"inflight-{i}"] = client.HoldAsync($"inflight-{i}");
        }

        foreach (var tag in calls.Keys)
        {
            await service.Held(tag).Started.Task.Within(Generous, $"{tag} reaching the implementation");
        }

        return calls;
    }

    /// <summary>The tags of <paramref name="tags"/> that reached <paramref name="a"/>, once each reached one of the two.</summary>
    private static async Task<HashSet<string>> WaitForHeldAsync(TestEchoService a, TestEchoService b, IEnumerable<string> tags)
    {
        var onA = new HashSet<string>();
        foreach (var tag in tags)
        {
            var which = await Task.WhenAny(a.Held(tag).Started.Task, b.Held(tag).Started.Task).Within(Generous, $"{tag} reaching a provider");
            if (which == a.Held(tag).Started.Task)
            {
                onA.Add(tag);
            }
        }

        return onA;
    }

    /// <summary>Calls from several callers until each has been refused once; returns every outcome.</summary>
    private static async Task<List<string>> CallUntilRefusedAsync(IEchoService client, int callers)
    {
        var outcomes = new ConcurrentQueue<string>();
        var loops = new Task[callers];
        for (var i = 0; i < callers; i++)
        {
            loops[i] = Task.Run(async () =>
            {
                var deadline = Stopwatch.StartNew();
                while (deadline.Elapsed < Generous)
                {
                    var clock = Stopwatch.StartNew();
                    try
                    {
                        await client.WhoAsync().WaitAsync(Generous);
                        outcomes.Enqueue("served");
                    }
                    catch (RpcException e)
                    {
                        outcomes.Enqueue($"{e.StatusCode}: {e.Message}");
                        Assert.True(e.StatusCode == RpcStatusCode.Unavailable, $"A call during the stop failed with {e.StatusCode}: {e.Message}");
                        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"A refused call took {clock.ElapsedMilliseconds} ms.");
                        return;
                    }
                }

                Assert.Fail("No call was refused within 10 s of the stop.");
            });
        }

        await Task.WhenAll(loops);
        return [.. outcomes];
    }
}
