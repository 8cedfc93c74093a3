using Junction.Consul.Http;

namespace Junction.Consul.Tests.Unit;

public sealed class FixtureDecodingTests
{
    private static ConsulJsonContext Json => ConsulJsonContext.Default;

    [Fact]
    public void Health_service_rows_decode_node_service_and_checks()
    {
        var rows = Fixture.Decode("health_service_response.json", Json.ListHealthServiceEntry);
        var row = Assert.Single(rows);
        Assert.Equal("foobar", row.Node!.Node);
        Assert.Equal("10.1.10.12", row.Node.Address);
        Assert.Equal("t2.medium", row.Node.Meta!["instance_type"]);
        Assert.Equal("redis", row.Service!.Id);
        Assert.Equal("redis", row.Service.Service);
        Assert.Equal(["primary"], row.Service.Tags!);
        Assert.Equal(8000, row.Service.Port);
        Assert.Equal("10.1.10.12", row.Service.Address);
        Assert.NotNull(row.Service.Weights);
        Assert.Equal(2, row.Checks!.Count);
        Assert.Contains(row.Checks, c => c.CheckId == "serfHealth" && c.ServiceId == "");
        Assert.Contains(row.Checks, c => c.CheckId == "service:redis" && c.ServiceName == "redis");
    }

    [Fact]
    public void Agent_local_health_decodes_aggregated_status_and_service()
    {
        var rows = Fixture.Decode("agent_health_service_name_web_503.json", Json.ListAgentServiceHealth);
        Assert.Equal(2, rows.Count);
        Assert.Equal("passing", rows[0].AggregatedStatus);
        Assert.Equal("web1", rows[0].Service!.Id);
        Assert.Equal(80, rows[0].Service!.Port);
        Assert.Equal(1, rows[0].Service!.Weights!.Passing);
        Assert.Contains(rows, r => r.AggregatedStatus == "critical" && r.Checks!.Any(c => c.CheckId == "service:web2" && c.Status == "critical"));
    }

    [Fact]
    public void Agent_services_decode_as_a_map_by_id_with_lower_case_tagged_addresses_ignored()
    {
        var services = Fixture.Decode("agent_services_response.json", Json.DictionaryStringConsulService);
        var redis = services["redis"];
        Assert.Equal("redis", redis.Service);
        Assert.Equal(8000, redis.Port);
        Assert.Equal("4.0", redis.Meta!["redis_version"]);
        Assert.Equal(10, redis.Weights!.Passing);
        Assert.Equal(1, redis.Weights.Warning);
    }

    [Fact]
    public void Agent_checks_and_service_checks_decode()
    {
        var agent = Fixture.Decode("agent_checks_response.json", Json.DictionaryStringHealthCheck);
        Assert.Equal("passing", agent["service:redis"].Status);
        Assert.Equal(["primary"], agent["service:redis"].ServiceTags!);
        var health = Fixture.Decode("health_checks_service_response.json", Json.ListHealthCheck);
        Assert.Equal("redis", Assert.Single(health).ServiceId);
    }

    [Fact]
    public void Catalog_service_rows_decode_both_the_docs_and_the_real_agent_shape()
    {
        var docs = Assert.Single(Fixture.Decode("catalog_service_response.json", Json.ListCatalogServiceEntry));
        Assert.Equal("172.17.0.3", docs.ServiceAddress);
        Assert.Equal(5000, docs.ServicePort);
        Assert.Equal("baz", docs.ServiceMeta!["web_meta_value"]);
        var real = Fixture.Decode("catalog_service_api_internal_unfiltered.json", Json.ListCatalogServiceEntry);
        Assert.NotEmpty(real);
        Assert.All(real, r => Assert.Equal("api-internal", r.ServiceName));
        Assert.Equal(9090, real[0].ServicePort);
        Assert.Equal("qa", real[0].ServiceMeta!["environment"]);
    }

    [Fact]
    public void Catalog_services_decode_as_name_to_tags()
    {
        var services = Fixture.Decode("catalog_services_response.json", Json.DictionaryStringListString);
        Assert.Empty(services["consul"]);
        Assert.Equal(["primary", "secondary"], services["postgresql"]);
    }

    [Fact]
    public void Kv_get_decodes_and_its_base64_value_reads_as_utf8_text()
    {
        var entries = Fixture.Decode("kv_get_response.json", Json.ListKvEntry);
        Assert.Equal(200UL, Assert.Single(entries).ModifyIndex);
        Assert.Equal("test", ConsulConfigSource.Decode(new ConsulResponse<List<KvEntry>>(entries, 300, NotFound: false)));
        Assert.Null(ConsulConfigSource.Decode(new ConsulResponse<List<KvEntry>>(null, 300, NotFound: true)));
        Assert.Equal("", ConsulConfigSource.Decode(new ConsulResponse<List<KvEntry>>([new KvEntry { Key = "k", Value = null }], 300, NotFound: false)));
        Assert.Equal(["/web/bar", "/web/foo", "/web/subdir/"], Fixture.Decode("kv_keys_response.json", Json.ListString));
    }

    [Fact]
    public void The_documented_register_payload_reads_as_a_registration_and_weights_stay_set()
    {
        var registration = Fixture.Decode("agent_service_register_payload.json", Json.AgentServiceRegistration);
        Assert.Equal("redis1", registration.Id);
        Assert.Equal("90m", registration.Check!.DeregisterCriticalServiceAfter);
        Assert.Equal(["/usr/local/bin/check_redis.py"], registration.Check.Args!);
        Assert.Equal(10, registration.Weights!.Passing);
        var json = System.Text.Json.JsonSerializer.Serialize(registration, Json.AgentServiceRegistration);
        Assert.Contains("\"ID\":\"redis1\"", json, StringComparison.Ordinal);
        Assert.Contains("\"Weights\":{\"Passing\":10,\"Warning\":1}", json, StringComparison.Ordinal);
    }
}
