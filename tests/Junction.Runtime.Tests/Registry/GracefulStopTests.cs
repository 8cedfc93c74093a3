using System.Collections.Concurrent;
using Junction.Contracts;
using Junction.Runtime.Tests.Cluster;
using Junction.Runtime.Tests.Pipeline;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static Junction.Runtime.Tests.Registry.RegistryTestSupport;

namespace Junction.Runtime.Tests.Registry;

/// <summary>
/// Through real hosts on the inproc protocol: a stopping provider keeps serving until consumers dropped it, so callers
/// see no failure; a consumer starting while the registry is down calls the providers in its cache file.
/// </summary>
public class GracefulStopTests
{
    [Fact]
    public async Task A_provider_stopping_under_load_fails_no_call_while_another_provider_is_up()
    {
        // Pushes to the consumer wait for the test: the consumer has not noticed the unregistration yet.
        var registry = new FakeRegistry();
        var clock = new ManualTimeProvider();
        var delay = TimeSpan.FromSeconds(2);
        await using var stopping = await Provider(registry, "stopping", o => { o.UnregisterDelay = delay; o.TimeProvider = clock; });
        await using var staying = await Provider(registry, "staying", o => o.UnregisterDelay = TimeSpan.Zero);

        // Failfast: a call sent to a provider that stopped serving fails instead of being retried elsewhere.
        await using var consumer = await TestHost.StartAsync(services => services
            .AddJunction(o => { o.UseRegistry(registry); o.RegistryCacheFolder = null; })
            .AddRpcClient<IWhoProbe>(r => r.Cluster = "failfast"));
        var client = consumer.Services.GetRequiredService<IWhoProbe>();

        var served = new ConcurrentDictionary<string, int>();
        var failures = new ConcurrentQueue<Exception>();
        var completed = new int[4];
        using var stop = new CancellationTokenSource();
        var callers = Enumerable.Range(0, completed.Length).Select(n => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    served.AddOrUpdate(await client.WhoAsync(), 1, (_, c) => c + 1);
                }
                catch (Exception e)
                {
                    failures.Enqueue(e);
                }

                Interlocked.Increment(ref completed[n]);

                // Inproc calls complete synchronously: without yielding, the callers would hold every pool thread.
                await Task.Yield();
            }
        })).ToArray();

        int Served(string name) => served.GetValueOrDefault(name);
        await Until(() => Served("stopping") > 10 && Served("staying") > 10, "both providers serve");

        registry.QueuePushes = true;
        var stopTask = stopping.StopAsync();
        await registry.Unregistered.Task.WaitAsync(HangGuard);
        await Until(() => clock.ArmedTimers == 1, "the provider waits for its consumers");

        // Unregistered, not yet dropped by the consumer: still served.
        var before = Served("stopping");
        await Until(() => Served("stopping") > before + 20, "the unregistered provider keeps serving during the delay");
        Assert.False(stopTask.IsCompleted);

        // The consumer drops it; once every caller finished a call it chose after that, the delay ends.
        registry.DeliverQueued();
        var marks = completed.Select(c => Volatile.Read(ref c)).ToArray();
        await Until(() => Enumerable.Range(0, marks.Length).All(i => Volatile.Read(ref completed[i]) >= marks[i] + 2), "every caller chose again");
        clock.Advance(delay);
        await stopTask.WaitAsync(HangGuard);

        var staying0 = Served("staying");
        await Until(() => Served("staying") > staying0 + 50, "the other provider takes the calls");
        await stop.CancelAsync();
        await Task.WhenAll(callers).WaitAsync(HangGuard);

        Assert.Empty(failures);
        var afterStop = Served("stopping");
        Assert.True(afterStop > before, "calls reached the provider between its unregistration and its stop");
    }

    [Fact]
    public async Task A_consumer_starting_while_the_registry_is_down_calls_the_providers_in_its_cache_file()
    {
        using var folder = new TempFolder();
        var registry = new FakeHealthRegistry();
        var application = "cache-consumer-" + Guid.NewGuid().ToString("N");
        await using var provider = await Provider(registry, "cached", o => o.UnregisterDelay = TimeSpan.Zero);

        // A first run writes the cache file (flushed when the host is disposed).
        await using (var first = await Consumer(registry, folder, application, new ListLogger()))
        {
            Assert.Equal("cached", await first.Services.GetRequiredService<IWhoProbe>().WhoAsync().WaitAsync(HangGuard));
        }

        Assert.Single(folder.Files);

        // The registry is down for the next run.
        registry.Unreachable = true;
        var logger = new ListLogger();
        await using var second = await Consumer(registry, folder, application, logger);
        registry.Fail(ContractRegistry.Get<IWhoProbe>().ServiceKey, new HttpRequestException("connection refused"));

        Assert.Equal("cached", await second.Services.GetRequiredService<IWhoProbe>().WhoAsync().WaitAsync(HangGuard));
        Assert.Contains(logger.At(LogLevel.Warning), e => e.Message.Contains("serving 1 provider(s) from the local cache file", StringComparison.Ordinal)
            && e.Message.Contains(folder.Path, StringComparison.Ordinal));
    }

    private static Task<TestHost> Provider(FakeRegistry registry, string name, Action<Hosting.JunctionOptions> configure)
        => TestHost.StartAsync(services =>
        {
            services.AddSingleton(new WhoService(name));
            services.AddJunction(o =>
            {
                o.UseRegistry(registry);
                o.RegistryCacheFolder = null;
                configure(o);
            }).AddRpcService<IWhoProbe, WhoService>();
        });

    private static Task<TestHost> Consumer(FakeRegistry registry, TempFolder folder, string application, ListLogger logger)
        => TestHost.StartAsync(services =>
        {
            services.AddLogging(b => b.AddProvider(new ListLoggerProvider(logger)));
            services.AddJunction(o =>
            {
                o.UseRegistry(registry);
                o.Application = application;
                o.RegistryCacheFolder = folder.Path;
            }).AddRpcClient<IWhoProbe>();
        });

    private sealed class WhoService(string name) : IWhoProbe
    {
        public Task<string> WhoAsync() => Task.FromResult(name);
    }
}
