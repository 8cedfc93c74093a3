using Junction.Consul.Tests.Integration;
using static Junction.Consul.Tests.EndToEnd.EndToEndHosts;

namespace Junction.Consul.Tests.EndToEnd;

/// <summary>
/// A provider goes away under load: one that stops heartbeating is dropped once its check's TTL expires, and one that
/// stops gracefully fails no call while another provider is up.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class ProviderLossEndToEndTests
{
    [DoubleFact]
    public async Task A_provider_that_stops_heartbeating_is_dropped_by_the_consumer_once_its_TTL_expires()
    {
        await using var consul = await ConsulTarget.StartAsync();
        var agent = consul.Hooks;
        var ttl = consul.Options().CheckTtl;

        // The lost provider reaches the agent through a link the test cuts: from then on the agent hears nothing from
        // it (no heartbeat, no deregistration), as when its process dies. Its tcp server keeps serving, so a call the
        // consumer still sent to it would be counted.
        await using var link = new AgentLink(consul.Address);
        await using var lost = await ProviderAsync(consul, "e2e-lost", agent: c => c.Address = link.Address);
        await using var staying = await ProviderAsync(consul, "e2e-staying");
        var watch = new ProviderWatch();
        await using var consumer = await ConsumerAsync(consul, watch);
        await consumer.Client().FirstAnswerAsync();
        await using var load = CallLoad.Start(consumer.Client());
        await Poll.Until(() => load.Served("e2e-lost") > 20 && load.Served("e2e-staying") > 20, "calls to both providers");

        link.Cut();
        var stayingId = agent.ServiceId("e2e-staying");

        // Half a TTL on the agent's clock: nothing expires, and the staying provider heartbeats (two beats: the first
        // was applied when the second arrives), so its TTL now runs from here.
        agent.Advance(ttl / 2);
        var beats = agent.Heartbeats(stayingId);
        await Poll.Until(() => agent.Heartbeats(stayingId) >= beats + 2, "heartbeats of the staying provider");
        await load.MoreCalls(100, "calls within the TTL");
        Assert.Equal(["e2e-lost", "e2e-staying"], watch.Names);

        // Just past the TTL since the lost provider's last heartbeat: the agent turns its check critical, and the
        // consumer's blocking query wakes to a list without it. (Checked to fail: with the health query's ?passing
        // removed, the consumer keeps it and calls keep reaching it.)
        agent.Advance(ttl / 2 + TimeSpan.FromMilliseconds(100));
        Assert.Equal("critical", agent.CheckStatus("e2e-lost"));
        Assert.Equal("passing", agent.CheckStatus("e2e-staying"));
        await Poll.Until(() => watch.Names.SequenceEqual(["e2e-staying"]), "the consumer dropping the lost provider");

        var lostServed = load.Served("e2e-lost");
        var stayingServed = load.Served("e2e-staying");
        await Poll.Until(() => load.Served("e2e-staying") > stayingServed + 300, "calls after the drop");
        await load.StopAsync();
        Assert.Equal(lostServed, load.Served("e2e-lost"));
        load.AssertNoFailedCall();

        // A provider that cannot reach its agent still stops when told to (its deregistration fails and is logged).
        await lost.StopAsync().WaitAsync(TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task A_provider_host_stopping_gracefully_under_load_fails_no_call_and_the_other_provider_takes_them_all()
    {
        await using var consul = await ConsulTarget.StartAsync();

        // Five seconds between unregistering and closing: the consumer's blocking query sees the withdrawal well within
        // it, also on a busy machine, where one second proved too close.
        // (Checked to fail: with UnregisterDelay = 0 calls fail, sent to a provider that had closed.)
        await using var stopping = await ProviderAsync(consul, "e2e-stopping", configure: o => o.UnregisterDelay = TimeSpan.FromSeconds(5));
        await using var staying = await ProviderAsync(consul, "e2e-staying");
        var watch = new ProviderWatch();
        await using var consumer = await ConsumerAsync(consul, watch);
        await consumer.Client().FirstAnswerAsync();
        await using var load = CallLoad.Start(consumer.Client());
        await Poll.Until(() => load.Served("e2e-stopping") > 20 && load.Served("e2e-staying") > 20, "calls to both providers");

        await stopping.StopAsync();
        var stoppedServed = load.Served("e2e-stopping");
        var stayingServed = load.Served("e2e-staying");
        await Poll.Until(() => load.Served("e2e-staying") > stayingServed + 300, "calls after the stop");
        await load.StopAsync();

        load.AssertNoFailedCall();
        Assert.Equal(stoppedServed, load.Served("e2e-stopping"));
        Assert.Equal(["e2e-staying"], watch.Names);
    }
}
