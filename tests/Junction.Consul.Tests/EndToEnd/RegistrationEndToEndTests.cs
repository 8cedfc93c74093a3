using Junction.Consul.Tests.Integration;
using Junction.IntegrationTests.Tcp;
using static Junction.Consul.Tests.EndToEnd.EndToEndHosts;

namespace Junction.Consul.Tests.EndToEnd;

/// <summary>
/// Real provider and consumer hosts on Consul (the double, or a real agent with CONSUL_HTTP_ADDR): what a provider
/// exports is what a consumer calls, and a provider stays reachable through heartbeats and an agent restart.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class RegistrationEndToEndTests
{
    [Fact]
    public async Task A_consumer_host_calls_a_provider_host_found_in_Consul_with_the_weight_and_metadata_it_exported()
    {
        await using var consul = await ConsulTarget.StartAsync();
        await using var provider = await ProviderAsync(consul, "e2e-zoned", export: s =>
        {
            s.Weight = 37;
            s.Metadata["zone"] = "eu-west-1a";

            // A dot and a space: Consul meta keys cannot hold them, so the registry escapes the key and reads it back.
            s.Metadata["release.ring"] = "canary 2";
        });
        var watch = new ProviderWatch();
        await using var consumer = await ConsumerAsync(consul, watch);

        Assert.Equal("e2e-zoned", await consumer.Client().FirstAnswerAsync());
        var seen = Assert.Single(watch.Providers);
        Assert.Equal(37, seen.Weight);
        Assert.Equal("eu-west-1a", seen.Metadata["zone"]);
        Assert.Equal("canary 2", seen.Metadata["release.ring"]);
        Assert.Equal(("127.0.0.1", "tcp"), (seen.Host, seen.Protocol));
    }

    [Fact]
    public async Task UseConsul_logs_to_the_hosts_logging_and_the_registry_is_closed_when_the_host_stops()
    {
        await using var consul = await ConsulTarget.StartAsync();
        var logs = new LogCapture();
        Hosting.JunctionOptions? options = null;
        var provider = await ProviderAsync(consul, "e2e-logged", configure: o => options = o, logs: logs);

        // The registry UseConsul created was configured before the host's logging existed; the runtime handed it over.
        Assert.Contains(logs.Entries, e => e.Category.StartsWith("Junction.Consul", StringComparison.Ordinal) && e.Message.Contains("in Consul as", StringComparison.Ordinal));

        var registry = (ConsulRegistry)options!.Registry;
        await provider.DisposeAsync();

        // Disposed with the host: no heartbeats or HTTP client left behind.
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await registry.RegisterAsync(new Junction.Registry.ServiceInstance("k", "tcp", "127.0.0.1", 1)));
    }

    [DoubleFact]
    public async Task A_provider_host_stays_listed_past_its_check_TTL_because_it_heartbeats()
    {
        await using var consul = await ConsulTarget.StartAsync();
        var agent = consul.Hooks;
        var ttl = consul.Options().CheckTtl;
        await using var provider = await ProviderAsync(consul, "e2e-beating");
        var watch = new ProviderWatch();
        await using var consumer = await ConsumerAsync(consul, watch);
        var client = consumer.Client();
        Assert.Equal("e2e-beating", await client.FirstAnswerAsync());

        // Half a TTL on the agent's clock, heartbeats, then more than a TTL after the registration: only a heartbeat in
        // between keeps the check passing. (Checked to fail: without waiting for the heartbeats here, the check is
        // critical and the call fails with no provider.) Two beats: the first was applied when the second arrives.
        var id = agent.ServiceId("e2e-beating");
        agent.Advance(ttl / 2);
        var beats = agent.Heartbeats(id);
        await Poll.Until(() => agent.Heartbeats(id) >= beats + 2, "heartbeats of the provider");
        agent.Advance(ttl / 2 + TimeSpan.FromMilliseconds(100));

        Assert.Equal("passing", agent.CheckStatus("e2e-beating"));
        Assert.Equal("e2e-beating", await client.WhoAsync());
    }

    [DoubleFact]
    public async Task After_the_agent_loses_every_registration_the_provider_registers_again_and_no_call_fails()
    {
        await using var consul = await ConsulTarget.StartAsync();
        var agent = consul.Hooks;
        await using var provider = await ProviderAsync(consul, "e2e-restarted");
        var watch = new ProviderWatch();

        // The consumer holds the empty list and asks again after its EmptyConfirmationDelay (its CheckTtl); the provider
        // must re-register at a heartbeat (every third of its 3 s TTL) before that. At the consumer's default of 3 s
        // that left two seconds for a busy machine; the consumer registers nothing, so its TTL changes only this wait.
        await using var consumer = await ConsumerAsync(consul, watch, agent: c => c.CheckTtl = TimeSpan.FromSeconds(10));
        Assert.Equal("e2e-restarted", await consumer.Client().FirstAnswerAsync());
        await using var load = CallLoad.Start(consumer.Client());
        await load.MoreCalls(100, "calls before the agent restart");

        // The consumer's blocking query is parked, so it wakes to the empty list the restarted agent answers.
        await Poll.Until(() => agent.BlockedQueries > 0, "the consumer's parked blocking query");
        var queries = agent.Requests.Count(r => r.PathAndQuery.StartsWith("/v1/health/service/", StringComparison.Ordinal));
        agent.LoseRegistrations();
        Assert.Empty(agent.Services);
        await Poll.Until(() => agent.CheckStatus("e2e-restarted") == "passing", "the provider registered again at its next heartbeat");
        Assert.True(
            agent.Requests.Count(r => r.PathAndQuery.StartsWith("/v1/health/service/", StringComparison.Ordinal)) > queries,
            "the consumer asked the agent while the registration was lost");

        var served = load.Served("e2e-restarted");
        await Poll.Until(() => load.Served("e2e-restarted") > served + 100, "calls after the re-registration");
        await load.StopAsync();
        load.AssertNoFailedCall();
        Assert.Equal(["e2e-restarted"], watch.Names);
    }
}
