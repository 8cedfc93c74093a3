using System.Text;
using Junction.Consul.Http;
using Junction.Consul.Tests.Integration;
using Junction.IntegrationTests.Tcp;
using Microsoft.Extensions.Logging;
using static Junction.Consul.Tests.EndToEnd.EndToEndHosts;

namespace Junction.Consul.Tests.EndToEnd;

/// <summary>
/// A consumer's first calls and the routing rules in Consul's KV store: the first provider list reaches calls only once
/// the KV store has answered for every rule key the consumer watches, so no call goes around a rule; a KV store that
/// does not answer holds calls back for a bounded wait only, and the consumer says so.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class FirstRulesEndToEndTests
{
    /// <summary>Dubbo's service rule key of <see cref="IE2eProbe"/>: <c>{interface}:{version}:{group}.condition-router</c>.</summary>
    private const string ServiceRuleKey = "Junction.Consul.Tests.EndToEnd.IE2eProbe:1.0.0:e2e.condition-router";

    private const string OnlyB = """
        configVersion: v3.0
        scope: service
        force: true
        key: Junction.Consul.Tests.EndToEnd.IE2eProbe:1.0.0:e2e
        conditions:
          - "=> application=e2e-b"
        """;

    [DoubleFact]
    public async Task A_consumers_first_calls_wait_for_the_routing_rule_in_Consul_KV_and_follow_it()
    {
        await using var consul = await ConsulTarget.StartAsync();
        var agent = consul.Hooks;
        await using var a = await ProviderAsync(consul, "e2e-a");
        await using var b = await ProviderAsync(consul, "e2e-b");

        // Both providers passing before the consumer asks: its first list holds both, so only the rule can keep every
        // call off e2e-a.
        await Poll.Until(() => agent.CheckStatus("e2e-a") == "passing" && agent.CheckStatus("e2e-b") == "passing", "both providers passing");
        var prefix = KeyPrefix();
        await PutAsync(consul, prefix + ServiceRuleKey, OnlyB);

        // The consumer's KV reads wait while its health query is answered: its first provider list arrives before any
        // rule, the order in which a real agent's answers may come.
        using var hold = agent.HoldRequests("/v1/kv/");
        await using var consumer = await ConsumerAsync(consul, new ProviderWatch(), agent: c => c.KeyPrefix = prefix);
        var client = consumer.Client();
        var calls = Enumerable.Range(0, 10).Select(_ => client.WhoAsync()).ToArray();

        // A second health query (with the index of the first answer) means the consumer has its first list.
        await Poll.Until(
            () => agent.HeldRequests > 0 && agent.Requests.Any(r =>
                r.PathAndQuery.StartsWith("/v1/health/service/", StringComparison.Ordinal) && r.PathAndQuery.Contains("index=", StringComparison.Ordinal)),
            "the consumer's provider list with its rule reads held back");
        hold.Dispose();

        // Ten calls spread over two providers by a random balancer: had they been sent before the rule arrived, all ten
        // reaching e2e-b would be a 1 in 1024 chance. (Checked to fail: before first lists waited for the config source,
        // e2e-a answered several of them.)
        Assert.Equal(Enumerable.Repeat("e2e-b", calls.Length), await Task.WhenAll(calls));
    }

    [DoubleFact]
    public async Task With_the_KV_store_not_answering_first_calls_go_on_without_the_rules_after_the_wait_and_say_so()
    {
        await using var consul = await ConsulTarget.StartAsync();
        var agent = consul.Hooks;

        // Never released before the hosts stop: the consumer's rule reads get no answer at all (they are given up
        // when it stops), while discovery answers as usual.
        using var kvSilent = agent.HoldRequests("/v1/kv/");
        await using var provider = await ProviderAsync(consul, "e2e-unruled");
        var logs = new LogCapture();
        await using var consumer = await ConsumerAsync(consul, new ProviderWatch(), logs, o => o.Routing.FirstRulesWait = TimeSpan.FromSeconds(1));

        // Within the hosts' 10 s call timeout, well past the second the first list waits for the rules here. (Checked to fail:
        // before first lists waited for the config source, the call went at once and nothing was logged.)
        Assert.Equal("e2e-unruled", await consumer.Client().FirstAnswerAsync());
        Assert.True(agent.HeldRequests > 0, "The consumer's rule reads should still be waiting: the call must have gone on without them.");
        Assert.True(
            logs.Entries.Any(e => e.Level == LogLevel.Warning && e.Message.Contains("has not answered", StringComparison.Ordinal)),
            "No warning that the config source did not answer. Warnings and errors logged:" + Environment.NewLine
                + logs.Describe(e => e.Level >= LogLevel.Warning));
    }

    /// <summary>A KV prefix of the consumer's own, so the rule written for it is read by no other test's consumer.</summary>
    private static string KeyPrefix() => "junction-tests/" + Guid.NewGuid().ToString("N")[..8] + "/";

    private static async Task PutAsync(ConsulTarget consul, string key, string text)
    {
        using var client = new HttpClient { BaseAddress = consul.Address };
        if (consul.Token is { } token)
        {
            client.DefaultRequestHeaders.Add("X-Consul-Token", token);
        }

        using var body = new ByteArrayContent(Encoding.UTF8.GetBytes(text));
        using var response = await client.PutAsync("/v1/kv/" + ConsulPath.Escape(key), body);
        response.EnsureSuccessStatusCode();
    }
}
