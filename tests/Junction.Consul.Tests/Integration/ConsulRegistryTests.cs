using System.Net;
using Junction.Consul.Registry;
using Junction.Consul.Tests.Double;
using Junction.Registry;

namespace Junction.Consul.Tests.Integration;

/// <summary>
/// ConsulRegistry against the Consul double, or a real agent when CONSUL_HTTP_ADDR is set (then the [DoubleFact]
/// tests, which need the double's hooks, are skipped). Every test uses its own interface name, so runs do not meet.
/// </summary>
public sealed class ConsulRegistryTests : IAsyncLifetime
{
    private ConsulTarget _consul = null!;

    public async Task InitializeAsync() => _consul = await ConsulTarget.StartAsync();

    public async Task DisposeAsync() => await _consul.DisposeAsync();

    [Fact]
    public async Task A_registered_provider_is_discovered_with_weight_start_time_metadata_and_tags_then_withdrawn()
    {
        var provider = Provider("1.0", weight: 0) with
        {
            Metadata = new Dictionary<string, string> { ["application"] = "shop", ["dubbo.tag"] = "gray", ["token"] = "t0k" },
            Tags = ["canary"],
        };
        await using var providers = new ConsulRegistry(_consul.Options());
        await using var consumers = new ConsulRegistry(_consul.Options());
        await providers.RegisterAsync(provider);
        var snapshots = new SnapshotLog();
        using var subscription = consumers.Subscribe(provider.ServiceKey, snapshots.Push);

        var found = Assert.Single(await snapshots.WaitFor(s => s.Count == 1, "the provider"));
        Assert.Equal(provider.Id, found.Id);
        Assert.Equal(0, found.Weight);
        Assert.Equal(provider.StartTime.ToUnixTimeMilliseconds(), found.StartTime.ToUnixTimeMilliseconds());
        Assert.Equal(provider.Metadata, found.Metadata);
        Assert.Equal(provider.Tags, found.Tags);

        await providers.UnregisterAsync(provider);
        await snapshots.WaitFor(s => s.Count == 0, "no provider");
    }

    [Fact]
    public async Task Versions_of_one_interface_are_discovered_apart_and_a_fresh_query_agrees()
    {
        var v1 = Provider("1.0");
        var v2 = new ServiceInstance(v1.ServiceKey.Replace(":1.0", ":2.0", StringComparison.Ordinal), "tcp", "127.0.0.1", 20881);
        await using var registry = new ConsulRegistry(_consul.Options());
        await registry.RegisterAsync(v1);
        await registry.RegisterAsync(v2);
        var snapshots = new SnapshotLog();
        using var subscription = registry.Subscribe(v2.ServiceKey, snapshots.Push);

        var seen = await snapshots.WaitFor(s => s.Count == 1, "version 2 only");
        Assert.Equal(v2.Id, seen[0].Id);
        Assert.Equal(v1.Id, Assert.Single(await registry.QueryAsync(v1.ServiceKey)).Id);
    }

    [DoubleFact]
    public async Task A_snapshot_is_pushed_only_when_the_providers_change()
    {
        var provider = Provider("1.0");
        await using var registry = new ConsulRegistry(_consul.Options());
        var snapshots = new SnapshotLog();
        using var subscription = registry.Subscribe(provider.ServiceKey, snapshots.Push);
        await snapshots.WaitFor(s => s.Count == 0, "the first, empty answer");
        await registry.RegisterAsync(provider);
        await snapshots.WaitFor(s => s.Count == 1, "the provider");

        // Index churn (hashicorp/consul#1244) wakes the blocking query without a visible change: nothing is pushed.
        for (var i = 0; i < 3; i++)
        {
            await Poll.Until(() => _consul.Hooks.BlockedQueries > 0, "a parked blocking query");
            var queries = Count(_consul.Hooks, "/v1/health/service/");
            _consul.Hooks.BumpIndex();
            await Poll.Until(() => Count(_consul.Hooks, "/v1/health/service/") > queries, "the query after the churn");
        }

        Assert.Equal(2, snapshots.Count);
    }

    [DoubleFact]
    public async Task Heartbeats_keep_the_check_passing_past_its_ttl()
    {
        var provider = Provider("1.0");
        await using var registry = new ConsulRegistry(_consul.Options());
        var (snapshots, subscription) = await RegisterAndWatchAsync(registry, provider);
        using var _ = subscription;

        // TTL 3 s, heartbeat every 1 s: move the double's clock 2 s at a time, each time after a real heartbeat landed.
        // Two beats: the agent records a request before applying it, so the first is surely applied once the second is
        // seen (moving the clock past a recorded but unapplied beat left the check 4 s from its last applied one).
        for (var i = 0; i < 4; i++)
        {
            var passes = Count(_consul.Hooks, "/v1/agent/check/pass/");
            await Poll.Until(() => Count(_consul.Hooks, "/v1/agent/check/pass/") >= passes + 2, "two heartbeats");
            _consul.Hooks.Advance(TimeSpan.FromSeconds(2));
        }

        Assert.Single(await registry.QueryAsync(provider.ServiceKey));
        Assert.Equal("passing", _consul.Hooks.Services.Single(s => s.ID == Id(provider)).Checks.Single().Status);
    }

    [DoubleFact]
    public async Task Without_heartbeats_the_provider_turns_critical_and_disappears()
    {
        var provider = Provider("1.0");
        await using var registry = new ConsulRegistry(_consul.Options(o => o.CheckTtl = TimeSpan.FromSeconds(30)));
        var (snapshots, subscription) = await RegisterAndWatchAsync(registry, provider);
        using var _ = subscription;

        _consul.Hooks.Advance(TimeSpan.FromSeconds(31));
        await snapshots.WaitFor(s => s.Count == 0, "the provider gone after its TTL");
    }

    [DoubleFact]
    public async Task An_index_that_goes_backwards_resets_the_loop_and_later_changes_still_arrive()
    {
        var first = Provider("1.0");
        var second = new ServiceInstance(first.ServiceKey, "tcp", "127.0.0.1", 20999);
        await using var registry = new ConsulRegistry(_consul.Options());
        var (snapshots, subscription) = await RegisterAndWatchAsync(registry, first);
        using var _ = subscription;

        _consul.Hooks.ForceIndexRegression();
        await Poll.Until(() => registry.IndexResets(first.ServiceKey) > 0, "an index reset");
        await registry.RegisterAsync(second);
        await snapshots.WaitFor(s => s.Count == 2, "both providers after the regression");
    }

    [DoubleFact]
    public async Task An_agent_that_lost_the_registration_gets_it_again_at_the_next_heartbeat()
    {
        var provider = Provider("1.0");
        await using var registry = new ConsulRegistry(_consul.Options());
        var (snapshots, subscription) = await RegisterAndWatchAsync(registry, provider);
        using var _ = subscription;

        _consul.Hooks.LoseRegistrations();
        await snapshots.WaitFor(s => s.Count == 0, "the provider gone with the agent's state");
        var back = await snapshots.WaitFor(s => s.Count == 1, "the provider registered again");
        Assert.Equal(provider.Id, back[0].Id);

        // The heartbeat counts its re-registration once the agent answered it, which may be after the watch saw it.
        await Poll.Until(() => registry.HeartbeatReregistrations(Id(provider)) >= 1, "the heartbeat's re-registration counted");
    }

    [DoubleTheory]
    [InlineData(404)]
    [InlineData(500)]
    public async Task A_heartbeat_answered_with_404_or_500_registers_again(int status)
    {
        var provider = Provider("1.0");
        await using var registry = new ConsulRegistry(_consul.Options());
        await registry.RegisterAsync(provider);
        _consul.Hooks.FailNextHeartbeat(status);
        await Poll.Until(() => registry.HeartbeatReregistrations(Id(provider)) == 1, "a re-registration");
        Assert.Single(await registry.QueryAsync(provider.ServiceKey));
    }

    [DoubleFact]
    public async Task An_acl_token_is_required_and_a_denial_surfaces_consuls_plain_text_error()
    {
        _consul.Hooks.RequireToken("s3cret");
        var provider = Provider("1.0");
        await using (var anonymous = new ConsulRegistry(_consul.Options()))
        {
            var denied = await Assert.ThrowsAsync<ConsulException>(async () => await anonymous.RegisterAsync(provider));
            Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
            Assert.StartsWith("Permission denied", denied.Body, StringComparison.Ordinal);
            Assert.StartsWith("Unexpected response code: 403 (Permission denied", denied.Message, StringComparison.Ordinal);
        }

        await using var allowed = new ConsulRegistry(_consul.Options(o => o.Token = "s3cret"));
        await allowed.RegisterAsync(provider);
        Assert.Single(await allowed.QueryAsync(provider.ServiceKey));
    }

    [DoubleFact]
    public async Task A_dead_agent_raises_subscription_failures_and_discovery_resumes_when_it_is_back()
    {
        var provider = Provider("1.0");
        await using var registry = new ConsulRegistry(_consul.Options());
        await registry.RegisterAsync(provider);
        var failures = 0;
        registry.SubscriptionFailed += (key, _) =>
        {
            if (key == provider.ServiceKey)
            {
                Interlocked.Increment(ref failures);
            }
        };
        _consul.Hooks.Dead(DeadMode.Reset);
        var snapshots = new SnapshotLog();
        using var subscription = registry.Subscribe(provider.ServiceKey, snapshots.Push);
        await Poll.Until(() => Volatile.Read(ref failures) >= 2, "two subscription failures");
        Assert.Equal(0, snapshots.Count);

        _consul.Hooks.Alive();
        await snapshots.WaitFor(s => s.Count == 1, "the provider once the agent is back");
    }

    [DoubleFact]
    public async Task A_plain_text_error_from_consul_surfaces_as_a_consul_exception_and_a_subscription_failure()
    {
        var provider = Provider("1.0");
        await using var registry = new ConsulRegistry(_consul.Options());
        _consul.Hooks.FailNext(500, "No cluster leader", 1, "/v1/health/");
        var error = await Assert.ThrowsAsync<ConsulException>(async () => await registry.QueryAsync(provider.ServiceKey));
        Assert.Equal(HttpStatusCode.InternalServerError, error.StatusCode);
        Assert.Equal("No cluster leader", error.Body);
        Assert.StartsWith("Unexpected response code: 500 (No cluster leader)", error.Message, StringComparison.Ordinal);

        var failed = new TaskCompletionSource<Exception>(TaskCreationOptions.RunContinuationsAsynchronously);
        registry.SubscriptionFailed += (_, e) => failed.TrySetResult(e);
        _consul.Hooks.FailNext(429, "rate limit exceeded, try a different server", 1, "/v1/health/");
        var snapshots = new SnapshotLog();
        using var subscription = registry.Subscribe(provider.ServiceKey, snapshots.Push);
        var raised = Assert.IsType<ConsulException>(await failed.Task.WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.Equal((HttpStatusCode)429, raised.StatusCode);
        await snapshots.WaitFor(s => s.Count == 0, "the first answer after the backoff");
    }

    private static async Task<(SnapshotLog Snapshots, IDisposable Subscription)> RegisterAndWatchAsync(ConsulRegistry registry, ServiceInstance provider)
    {
        await registry.RegisterAsync(provider);
        var snapshots = new SnapshotLog();
        var subscription = registry.Subscribe(provider.ServiceKey, snapshots.Push);
        await snapshots.WaitFor(s => s.Count == 1, "the provider");
        return (snapshots, subscription);
    }

    private static int Count(ConsulDouble consul, string pathPrefix) =>
        consul.Requests.Count(r => r.PathAndQuery.StartsWith(pathPrefix, StringComparison.Ordinal));

    private static string Id(ServiceInstance instance) =>
        ConsulServiceName.InstanceId(instance.ServiceKey, instance.Host, instance.Port, instance.Protocol);

    private static ServiceInstance Provider(string version, int weight = ServiceInstance.DefaultWeight) =>
        new("It" + Guid.NewGuid().ToString("N")[..8] + ".IGreeter:" + version, "tcp", "127.0.0.1", 20880)
        {
            Weight = weight,
            StartTime = DateTimeOffset.UtcNow,
        };
}
