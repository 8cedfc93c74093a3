using System.Net;
using Junction.Consul.Tests.Double;

namespace Junction.Consul.Tests.DoubleTests;

public sealed class TtlTests
{
    [Fact]
    public async Task A_ttl_that_runs_out_makes_the_check_critical_and_a_pass_restarts_it()
    {
        await using var client = await DoubleClient.StartAsync();
        await client.RegisterAsync("""{"Name":"web","Check":{"TTL":"30s","Status":"passing"}}""");

        client.Consul.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal("passing", Check(client).Status);
        using (await client.PutAsync("v1/agent/check/pass/service:web")) { }
        client.Consul.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal("passing", Check(client).Status);

        var before = client.Consul.Index;
        client.Consul.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("critical", Check(client).Status);
        Assert.Equal("TTL expired", Check(client).Output);
        Assert.True(client.Consul.Index > before);
    }

    [Fact]
    public async Task Critical_longer_than_deregister_critical_service_after_removes_the_service()
    {
        await using var client = await DoubleClient.StartAsync();
        await client.RegisterAsync("""{"ID":"w1","Name":"web","Check":{"TTL":"10s","Status":"passing","DeregisterCriticalServiceAfter":"1m"}}""");
        await client.RegisterAsync("""{"ID":"w2","Name":"web","Check":{"TTL":"10s","Status":"passing"}}""");

        // Expired at 10 s, critical for 59 s: still there; one more second and the reaper takes it (and only it).
        client.Consul.Advance(TimeSpan.FromSeconds(69));
        Assert.Equal(["w1", "w2"], client.Consul.Services.Select(s => s.ID));
        client.Consul.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(["w2"], client.Consul.Services.Select(s => s.ID));
        using var heartbeat = await client.PutAsync("v1/agent/check/pass/service:w1");
        Assert.Equal(HttpStatusCode.NotFound, heartbeat.StatusCode);
    }

    [Fact]
    public async Task A_check_that_starts_critical_counts_from_registration_for_the_reaper()
    {
        await using var client = await DoubleClient.StartAsync();
        await client.RegisterAsync("""{"Name":"web","Check":{"TTL":"10s","DeregisterCriticalServiceAfter":"1m"}}""");

        client.Consul.Advance(TimeSpan.FromSeconds(60));
        Assert.Empty(client.Consul.Services);
    }

    [Fact]
    public async Task Update_sets_status_and_output_and_rejects_unknown_statuses()
    {
        await using var client = await DoubleClient.StartAsync();
        await client.RegisterAsync("""{"Name":"web","Check":{"TTL":"10s"}}""");

        using (var ok = await client.PutAsync("v1/agent/check/update/service:web", """{"Status":"warning","Output":"slow disk"}"""))
        {
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        Assert.Equal(("warning", "slow disk"), (Check(client).Status, Check(client).Output));
        using var bad = await client.PutAsync("v1/agent/check/update/service:web", """{"Status":"pass"}""");
        await DoubleClient.AssertErrorAsync(bad, HttpStatusCode.BadRequest, "Invalid check status: 'pass'");
    }

    [Fact]
    public async Task A_heartbeat_that_changes_nothing_does_not_move_the_index()
    {
        await using var client = await DoubleClient.StartAsync();
        await client.RegisterAsync("""{"Name":"web","Check":{"TTL":"10s"}}""");
        using (await client.PutAsync("v1/agent/check/pass/service:web")) { }
        var index = client.Consul.Index;

        using (await client.PutAsync("v1/agent/check/pass/service:web")) { }

        Assert.Equal(index, client.Consul.Index);
    }

    [Fact]
    public async Task Heartbeats_for_unknown_or_non_ttl_checks_fail_like_consul()
    {
        await using var client = await DoubleClient.StartAsync();
        await client.RegisterAsync("""{"Name":"web","Check":{"HTTP":"http://127.0.0.1:1/health","Interval":"10s"}}""");

        using var unknown = await client.PutAsync("v1/agent/check/pass/service:nope");
        await DoubleClient.AssertErrorAsync(unknown, HttpStatusCode.NotFound, "Unknown check ID \"service:nope\". Ensure that the check ID is passed, not the check name.");
        using var notTtl = await client.PutAsync("v1/agent/check/warn/service:web");
        await DoubleClient.AssertErrorAsync(notTtl, HttpStatusCode.InternalServerError, "CheckID \"service:web\" does not have associated TTL");
    }

    [Theory]
    [InlineData(404, "Unknown check ID \"service:web\". Ensure that the check ID is passed, not the check name.")]
    [InlineData(500, "CheckID \"service:web\" does not have associated TTL")]
    public async Task FailNextHeartbeat_fails_exactly_the_next_update_without_touching_state(int status, string body)
    {
        await using var client = await DoubleClient.StartAsync();
        await client.RegisterAsync("""{"Name":"web","Check":{"TTL":"10s"}}""");
        client.Consul.FailNextHeartbeat(status);

        using var failed = await client.PutAsync("v1/agent/check/pass/service:web");
        await DoubleClient.AssertErrorAsync(failed, (HttpStatusCode)status, body);
        Assert.Equal("critical", Check(client).Status);

        using var next = await client.PutAsync("v1/agent/check/pass/service:web");
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        Assert.Equal("passing", Check(client).Status);
    }

    [Fact]
    public async Task LoseRegistrations_is_an_agent_restart_heartbeats_then_get_404_until_re_registered()
    {
        await using var client = await DoubleClient.StartAsync();
        await client.RegisterAsync("""{"Name":"web","Check":{"TTL":"10s"}}""");
        var index = client.Consul.Index;

        client.Consul.LoseRegistrations();

        Assert.Empty(client.Consul.Services);
        Assert.True(client.Consul.Index > index);
        using var heartbeat = await client.PutAsync("v1/agent/check/pass/service:web");
        Assert.Equal(HttpStatusCode.NotFound, heartbeat.StatusCode);
        await client.RegisterAsync("""{"Name":"web","Check":{"TTL":"10s"}}""");
        Assert.Single(client.Consul.Services);
    }

    [Fact]
    public async Task An_expired_ttl_keeps_the_last_output_the_application_sent()
    {
        await using var client = await DoubleClient.StartAsync();
        await client.RegisterAsync("""{"Name":"web","Check":{"TTL":"10s"}}""");
        using (await client.PutAsync("v1/agent/check/pass/service:web?note=all%20good")) { }

        client.Consul.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal("TTL expired (last output before timeout follows): all good", Check(client).Output);
    }

    [Fact]
    public async Task Maintenance_mode_adds_a_critical_check_that_hides_the_instance_from_passing()
    {
        await using var client = await DoubleClient.StartAsync();
        await client.RegisterAsync("""{"Name":"web","Check":{"TTL":"10s","Status":"passing"}}""");

        using (var on = await client.PutAsync("v1/agent/service/maintenance/web?enable=true&reason=deploy"))
        {
            Assert.Equal(HttpStatusCode.OK, on.StatusCode);
        }

        Assert.Empty((await client.HealthAsync("web?passing")).Rows.EnumerateArray());
        var maintenance = Assert.Single(client.Consul.Services).Checks.Single(c => c.CheckID == "_service_maintenance:web");
        Assert.Equal("critical", maintenance.Status);

        using (await client.PutAsync("v1/agent/service/maintenance/web?enable=false")) { }
        Assert.Single((await client.HealthAsync("web?passing")).Rows.EnumerateArray());
        using var missing = await client.PutAsync("v1/agent/service/maintenance/web");
        await DoubleClient.AssertErrorAsync(missing, HttpStatusCode.BadRequest, "Missing value for enable");
    }

    private static CheckSnapshot Check(DoubleClient client) => Assert.Single(Assert.Single(client.Consul.Services).Checks);
}
