using System.Collections.Concurrent;
using System.Diagnostics;
using Junction.Hosting;
using Junction.Registry;
using Junction.TestProvider;

namespace Junction.IntegrationTests.Tcp;

/// <summary>
/// One logical service, three provider processes, one of them killed (SIGKILL) in the middle of a 20-second load of
/// idempotent calls: failover retries the calls it had in flight on the others, the dead one leaves selection, and
/// the callers never see a failure.
/// </summary>
[Collection(TcpLoadCollection.Name)]
public sealed class TcpFailoverUnderLoadTests(ITestOutputHelper output)
{
    private const int Callers = 16;
    private const int CallsEachBeforeKill = 200;
    private static readonly TimeSpan Load = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Killing_one_of_three_providers_during_load_fails_no_idempotent_call()
    {
        var providers = new ProviderProcess[3];
        try
        {
            for (var i = 0; i < providers.Length; i++)
            {
                providers[i] = await ProviderProcess.StartAsync(port: 0);
            }

            var registry = new InMemoryRegistry();
            foreach (var provider in providers)
            {
                await registry.RegisterAsync(new ServiceInstance(TcpProvider.ServiceKey, "tcp", "127.0.0.1", provider.Port));
            }

            await using var client = new EchoClient<IEchoService>(new JunctionClientOptions
            {
                Registry = registry,
                Application = "failover-under-load",
                Cluster = "failover",
                TimeoutMs = 10_000,
            });

            var victim = providers[1];
            var answered = new ConcurrentDictionary<string, int>();
            var afterKill = new ConcurrentDictionary<string, int>();
            var failures = new ConcurrentQueue<string>();
            var killed = 0;
            var clock = Stopwatch.StartNew();

            async Task CallerAsync(int caller)
            {
                for (var sequence = 0; clock.Elapsed < Load; sequence++)
                {
                    var payload = BitConverter.GetBytes(sequence);
                    try
                    {
                        var reply = await client.Proxy.EchoIdempotentAsync(new EchoRequest(caller, sequence, payload));
                        if (reply.Caller != caller || reply.Sequence != sequence || !reply.Payload.AsSpan().SequenceEqual(payload))
                        {
                            failures.Enqueue($"caller {caller} call {sequence}: a wrong reply ({reply.Caller}, {reply.Sequence}) from {reply.Provider}");
                        }

                        answered.AddOrUpdate(reply.Provider, 1, static (_, n) => n + 1);
                        if (Volatile.Read(ref killed) == 1)
                        {
                            afterKill.AddOrUpdate(reply.Provider, 1, static (_, n) => n + 1);
                        }
                    }
                    catch (RpcException e)
                    {
                        failures.Enqueue($"caller {caller} call {sequence} at {clock.Elapsed.TotalSeconds:0.0} s: {e.StatusCode} {e.Message}");
                    }

                    // The kill comes once every provider has taken its share of the load, with calls in flight everywhere.
                    if (Volatile.Read(ref killed) == 0
                        && providers.All(p => answered.GetValueOrDefault(p.Name) >= CallsEachBeforeKill)
                        && Interlocked.Exchange(ref killed, 1) == 0)
                    {
                        output.WriteLine($"killing {victim.Name} at {clock.Elapsed.TotalSeconds:0.0} s");
                        await victim.KillAsync();
                    }
                }
            }

            await Task.WhenAll(Enumerable.Range(0, Callers).Select(c => Task.Run(() => CallerAsync(c))));

            output.WriteLine("calls per provider: " + string.Join(", ", answered.Select(p => $"{p.Key}: {p.Value}")));
            Assert.True(failures.IsEmpty, $"{failures.Count} call(s) failed; the first: {failures.FirstOrDefault()}");
            Assert.Equal(1, killed);
            Assert.True(victim.HasExited, "The provider meant to die still runs.");
            Assert.All(providers, p => Assert.True(answered.GetValueOrDefault(p.Name) >= CallsEachBeforeKill, $"{p.Name} answered {answered.GetValueOrDefault(p.Name)} calls."));

            // After the kill the load went on, on the two survivors only (a reply the victim sent just before dying may
            // be read after the flag was set, hence the small allowance).
            Assert.True(afterKill.GetValueOrDefault(victim.Name) <= Callers, $"{victim.Name} answered {afterKill.GetValueOrDefault(victim.Name)} calls after it was killed.");
            Assert.All(providers.Where(p => p != victim), p => Assert.True(afterKill.GetValueOrDefault(p.Name) > CallsEachBeforeKill, $"{p.Name} answered only {afterKill.GetValueOrDefault(p.Name)} calls after the kill."));
        }
        finally
        {
            foreach (var provider in providers)
            {
                if (provider is not null)
                {
                    await provider.DisposeAsync();
                }
            }
        }
    }
}
