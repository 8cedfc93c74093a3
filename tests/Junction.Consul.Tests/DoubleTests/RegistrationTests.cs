using System.Net;
using Junction.Consul.Tests.Double;

namespace Junction.Consul.Tests.DoubleTests;

public sealed class RegistrationTests
{
    private const string TtlService = """
        {"ID":"web-1","Name":"web","Tags":["v1"],"Address":"10.0.0.5","Port":8080,"Meta":{"version":"2"},
         "Check":{"TTL":"30s","DeregisterCriticalServiceAfter":"5m"}}
        """;

    [Fact]
    public async Task A_new_ttl_checked_instance_is_critical_until_its_first_pass_and_then_shows_with_passing()
    {
        await using var client = await DoubleClient.StartAsync();
        await client.RegisterAsync(TtlService);

        var (all, _) = await client.HealthAsync("web");
        var row = Assert.Single(all.EnumerateArray());
        Assert.Equal("web-1", row.GetProperty("Service").GetProperty("ID").GetString());
        Assert.Equal(8080, row.GetProperty("Service").GetProperty("Port").GetInt32());
        var check = row.GetProperty("Checks").EnumerateArray().Single(c => c.GetProperty("CheckID").GetString() == "service:web-1");
        Assert.Equal("critical", check.GetProperty("Status").GetString());
        Assert.Equal("ttl", check.GetProperty("Type").GetString());
        Assert.Empty((await client.HealthAsync("web?passing=1")).Rows.EnumerateArray());

        using var pass = await client.PutAsync("v1/agent/check/pass/service:web-1?note=ok");
        Assert.Equal(HttpStatusCode.OK, pass.StatusCode);

        var passing = Assert.Single((await client.HealthAsync("web?passing")).Rows.EnumerateArray());
        var passed = passing.GetProperty("Checks").EnumerateArray().Single(c => c.GetProperty("CheckID").GetString() == "service:web-1");
        Assert.Equal("passing", passed.GetProperty("Status").GetString());
        Assert.Equal("ok", passed.GetProperty("Output").GetString());
    }

    [Fact]
    public async Task Passing_excludes_instances_with_any_non_passing_check_including_the_node_check()
    {
        await using var client = await DoubleClient.StartAsync();
        await client.RegisterAsync("""{"Name":"web","Check":{"TTL":"30s","Status":"passing"}}""");
        Assert.Single((await client.HealthAsync("web?passing")).Rows.EnumerateArray());

        client.Consul.SetCheckStatus("service:web", HealthStatus.Warning);
        Assert.Empty((await client.HealthAsync("web?passing")).Rows.EnumerateArray());

        client.Consul.SetCheckStatus("service:web", HealthStatus.Passing);
        client.Consul.SetCheckStatus("serfHealth", HealthStatus.Critical);
        Assert.Empty((await client.HealthAsync("web?passing")).Rows.EnumerateArray());
        Assert.Single((await client.HealthAsync("web?passing=false")).Rows.EnumerateArray());
    }

    [Fact]
    public async Task Id_defaults_to_the_name_port_0_is_omitted_and_unknown_services_are_an_empty_list()
    {
        await using var client = await DoubleClient.StartAsync();
        await client.RegisterAsync("""{"Name":"db"}""");

        var service = Assert.Single((await client.HealthAsync("db")).Rows.EnumerateArray()).GetProperty("Service");
        Assert.Equal("db", service.GetProperty("ID").GetString());
        Assert.False(service.TryGetProperty("Port", out _));
        Assert.Equal(0, service.GetProperty("Tags").GetArrayLength());
        Assert.Equal(1, service.GetProperty("Weights").GetProperty("Passing").GetInt32());
        Assert.Empty((await client.HealthAsync("nothing-here")).Rows.EnumerateArray());
    }

    [Fact]
    public async Task Several_checks_get_numbered_ids_and_the_default_name()
    {
        await using var client = await DoubleClient.StartAsync();
        await client.RegisterAsync("""{"ID":"a","Name":"api","Check":{"TTL":"10s"},"Checks":[{"TTL":"20s","Status":"passing"}]}""");

        var checks = Assert.Single(client.Consul.Services).Checks;
        Assert.Equal(["service:a:1", "service:a:2"], checks.Select(c => c.CheckID));
        Assert.Equal(["critical", "passing"], checks.Select(c => c.Status));
        Assert.All(checks, c => Assert.Equal("Service 'api' check", c.Name));
    }

    [Fact]
    public async Task Re_registering_keeps_check_status_and_replace_existing_checks_drops_the_others()
    {
        await using var client = await DoubleClient.StartAsync();
        await client.RegisterAsync("""{"ID":"a","Name":"api","Checks":[{"CheckID":"one","TTL":"10s"},{"CheckID":"two","TTL":"10s"}]}""");
        using (await client.PutAsync("v1/agent/check/pass/one")) { }

        await client.RegisterAsync("""{"ID":"a","Name":"api","Tags":["new"],"Checks":[{"CheckID":"one","TTL":"10s"}]}""");
        var service = Assert.Single(client.Consul.Services);
        Assert.Equal(["new"], service.Tags);
        Assert.Equal(["one", "two"], service.Checks.Select(c => c.CheckID));
        Assert.Equal("passing", service.Checks[0].Status);

        using var replace = await client.PutAsync("v1/agent/service/register?replace-existing-checks=true", """{"ID":"a","Name":"api","Checks":[{"CheckID":"one","TTL":"10s"}]}""");
        Assert.Equal(HttpStatusCode.OK, replace.StatusCode);
        Assert.Equal(["one"], Assert.Single(client.Consul.Services).Checks.Select(c => c.CheckID));
    }

    [Fact]
    public async Task Camel_and_snake_case_bodies_are_read_and_deregister_after_below_a_minute_is_raised_to_one()
    {
        await using var client = await DoubleClient.StartAsync();
        await client.RegisterAsync("""{"name":"web","id":"w","meta":{"some_key":"v"},"check":{"ttl":"10s","deregister_critical_service_after":"20s"}}""");

        var service = Assert.Single(client.Consul.Services);
        Assert.Equal("w", service.ID);
        Assert.Equal("v", service.Meta["some_key"]);
        Assert.Equal(TimeSpan.FromMinutes(1), Assert.Single(service.Checks).DeregisterCriticalServiceAfter);
    }

    [Theory]
    [InlineData("""{"Port":80}""", "Missing service name")]
    [InlineData("""{"Name":"web","Address":"0.0.0.0"}""", "Invalid service address")]
    [InlineData("""{"Name":"web","Weights":{"Passing":0,"Warning":0}}""", "Invalid Weights: Passing must be greater than 0")]
    [InlineData("""{"Name":"web","Meta":{"a.b":"x"}}""", "Invalid Service Meta: Couldn't load metadata pair ('a.b', 'x'): Key contains invalid characters")]
    [InlineData("""{"Name":"web","Meta":{"consul-x":"x"}}""", "Invalid Service Meta: Couldn't load metadata pair ('consul-x', 'x'): Key prefix 'consul-' is reserved for internal use")]
    [InlineData("""{"Name":"web","Check":{"DeregisterCriticalServiceAfter":"90m"}}""", "Invalid check: TTL must be > 0 for TTL checks")]
    [InlineData("""{"Name":"web","Check":{"TTL":"10s","Interval":"10s"}}""", "Invalid check: Interval and TTL cannot both be specified")]
    [InlineData("""{"Name":"web","Check":{"HTTP":"http://x/health"}}""", "Invalid check: Interval must be > 0 for Script, HTTP, H2PING, TCP, UDP or OSService checks")]
    [InlineData("""{"Name":"web","Check":{"TTL":"10s","Status":"up"}}""", "Status for checks must 'passing', 'warning', 'critical'")]
    [InlineData("""{"Name":"web","Check":{"TTL":"ten"}}""", "Request decode failed: time: invalid duration \"ten\"")]
    public async Task Invalid_registrations_are_400_with_consuls_text_and_change_nothing(string body, string error)
    {
        await using var client = await DoubleClient.StartAsync();
        var before = client.Consul.Index;

        using var response = await client.PutAsync("v1/agent/service/register", body);

        await DoubleClient.AssertErrorAsync(response, HttpStatusCode.BadRequest, error);
        Assert.Empty(client.Consul.Services);
        Assert.Equal(before, client.Consul.Index);
    }

    [Fact]
    public async Task An_empty_check_object_is_ignored_and_the_docs_sample_payload_registers()
    {
        await using var client = await DoubleClient.StartAsync();
        await client.RegisterAsync("""{"Name":"web","Check":{}}""");
        Assert.Empty(Assert.Single(client.Consul.Services).Checks);

        await client.RegisterAsync(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "agent_service_register_payload.json")));
        var redis = client.Consul.Services.Single(s => s.ID == "redis1");
        Assert.Equal("script", Assert.Single(redis.Checks).Type);
        Assert.Equal(TimeSpan.FromMinutes(90), redis.Checks[0].DeregisterCriticalServiceAfter);
    }

    [Fact]
    public async Task Deregister_removes_the_service_and_an_unknown_id_is_404()
    {
        await using var client = await DoubleClient.StartAsync();
        await client.RegisterAsync(TtlService);

        using (var ok = await client.PutAsync("v1/agent/service/deregister/web-1"))
        {
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        Assert.Empty(client.Consul.Services);
        Assert.Empty((await client.HealthAsync("web")).Rows.EnumerateArray());
        using var again = await client.PutAsync("v1/agent/service/deregister/web-1");
        await DoubleClient.AssertErrorAsync(again, HttpStatusCode.NotFound, "Unknown service ID \"web-1\". Ensure that the service ID is passed, not the service name.");
    }

    [Fact]
    public async Task Tags_filter_with_and_semantics_case_insensitively_and_simple_filters_apply()
    {
        await using var client = await DoubleClient.StartAsync();
        await client.RegisterAsync("""{"ID":"a","Name":"web","Tags":["v1","primary"],"Meta":{"version":"1"}}""");
        await client.RegisterAsync("""{"ID":"b","Name":"web","Tags":["v1"],"Meta":{"version":"2"}}""");

        static string[] Ids(System.Text.Json.JsonElement rows) =>
            rows.EnumerateArray().Select(r => r.GetProperty("Service").GetProperty("ID").GetString()!).ToArray();

        Assert.Equal(["a", "b"], Ids((await client.HealthAsync("web?tag=V1")).Rows));
        Assert.Equal(["a"], Ids((await client.HealthAsync("web?tag=v1&tag=primary")).Rows));
        Assert.Equal(["b"], Ids((await client.HealthAsync("web?filter=" + Uri.EscapeDataString("Service.Meta.version == \"2\""))).Rows));
        Assert.Equal(["a"], Ids((await client.HealthAsync("web?filter=" + Uri.EscapeDataString("\"primary\" in Service.Tags and Service.ID != \"b\""))).Rows));
    }
}
