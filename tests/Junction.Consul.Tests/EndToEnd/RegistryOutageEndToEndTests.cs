using Junction.Consul.Tests.Double;
using Junction.Consul.Tests.Integration;
using Junction.IntegrationTests.Tcp;
using Microsoft.Extensions.Logging;
using static Junction.Consul.Tests.EndToEnd.EndToEndHosts;

namespace Junction.Consul.Tests.EndToEnd;

/// <summary>
/// Consul goes away and consumers do not notice: a consumer starting while the agent is down calls the providers in
/// its local cache file, and a running consumer keeps calling through an outage and sees changes once the agent is back.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class RegistryOutageEndToEndTests
{
    [DoubleFact]
    public async Task A_consumer_starting_while_the_agent_is_down_calls_the_providers_in_its_cache_file()
    {
        var folder = Path.Combine(Path.GetTempPath(), "junction-e2e-" + Guid.NewGuid().ToString("N"));
        var application = "e2e-cached-consumer-" + Guid.NewGuid().ToString("N")[..8];
        void SameApplication(Hosting.JunctionOptions o)
        {
            o.Application = application;
            o.RegistryCacheFolder = folder;
        }

        try
        {
            await using var consul = await ConsulTarget.StartAsync();
            await using var provider = await ProviderAsync(consul, "e2e-cached");

            // A first run with the agent up writes the cache file (at the latest when its host stops).
            await using (var first = await ConsumerAsync(consul, new ProviderWatch(), configure: SameApplication))
            {
                Assert.Equal("e2e-cached", await first.Client().FirstAnswerAsync());
            }

            var file = Path.Combine(folder, application + ".registry.json");
            Assert.Contains("\"e2e-cached\"", await File.ReadAllTextAsync(file), StringComparison.Ordinal);

            // The agent hangs: the new consumer's query gets no answer, so after RegistryGracePeriod it uses the file. Its
            // first call waits for that within the hosts' 10 s call timeout (at 1 s, a grace timer run late on a busy
            // machine failed it in CI although the cache was used).
            // (Checked to fail: with RegistryCacheFolder = null for this run, no call succeeds and nothing is logged.)
            consul.Hooks.Dead(DeadMode.Hang);
            try
            {
                var logs = new LogCapture();
                await using var second = await ConsumerAsync(consul, new ProviderWatch(), logs, o =>
                {
                    SameApplication(o);
                    o.RegistryGracePeriod = TimeSpan.FromMilliseconds(500);
                });

                Assert.Equal("e2e-cached", await second.Client().FirstAnswerAsync());
                Assert.Contains(logs.Entries, e => e.Level == LogLevel.Warning
                    && e.Message.Contains("serving 1 provider(s) from the local cache file", StringComparison.Ordinal)
                    && e.Message.Contains(file, StringComparison.Ordinal));
                for (var i = 0; i < 20; i++)
                {
                    Assert.Equal("e2e-cached", await second.Client().WhoAsync());
                }
            }
            finally
            {
                // Answering again, so the provider's deregistration at the end does not wait for its timeout.
                consul.Hooks.Alive();
            }
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    [DoubleFact]
    public async Task While_the_agent_is_down_under_load_no_call_fails_and_a_provider_added_after_it_returns_is_called()
    {
        await using var consul = await ConsulTarget.StartAsync();
        var agent = consul.Hooks;
        await using var steady = await ProviderAsync(consul, "e2e-steady");
        var watch = new ProviderWatch();
        var discoveryFailures = 0;
        int Failures() => Volatile.Read(ref discoveryFailures);

        // Short request timeouts, so the consumer's blocking query gives up on a hanging agent within the test.
        await using var consumer = await ConsumerAsync(
            consul,
            watch,
            configure: o => ((ConsulRegistry)o.Registry).SubscriptionFailed += (_, _) => Interlocked.Increment(ref discoveryFailures),
            agent: c =>
            {
                c.WaitTime = TimeSpan.FromSeconds(1);
                c.RequestTimeout = TimeSpan.FromMilliseconds(500);
            });
        Assert.Equal("e2e-steady", await consumer.Client().FirstAnswerAsync());
        await using var load = CallLoad.Start(consumer.Client());
        await load.MoreCalls(100, "calls before the outage");

        // Connections reset (the consumer's discovery fails again and again, backing off), then requests hang (its
        // blocking query times out); calls go on all along, to the providers the consumer had.
        agent.Dead(DeadMode.Reset);
        await Poll.Until(() => Failures() >= 3, "the consumer's discovery failing repeatedly");
        await load.MoreCalls(200, "calls while the agent resets connections");
        agent.Dead(DeadMode.Hang);
        var beforeHang = Failures();
        await Poll.Until(() => Failures() > beforeHang, "the consumer's query to the hanging agent timing out");
        await load.MoreCalls(200, "calls while the agent hangs");
        agent.Alive();

        // Reconciled: a provider registered after the outage is found and called. (Checked to fail: with the
        // discovery loop giving up after its third failure, the consumer never asks again and never finds it.)
        await using var added = await ProviderAsync(consul, "e2e-added");
        await Poll.Until(() => load.Served("e2e-added") > 20, "calls reaching the provider added after the outage");
        await load.StopAsync();

        load.AssertNoFailedCall();
        Assert.Equal(["e2e-added", "e2e-steady"], watch.Names);
    }
}
