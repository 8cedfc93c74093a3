using System.Net.Http.Json;
using System.Text.Json;

namespace Junction.Consul.Tests.DoubleTests;

/// <summary>
/// The double answers in Consul's shape: every response fixture (real Consul JSON from the docs) reads into the test
/// models with nothing left over, the double's answers read into the same models, and every property a fixture has
/// the double has too, except Enterprise-only ones.
/// </summary>
public sealed class FixtureShapeTests
{
    /// <summary>Fixtures only Consul Enterprise writes, or that the double cannot produce (it has no sessions).</summary>
    private static readonly HashSet<string> NotProduced = new(StringComparer.Ordinal) { "Namespace", "Session" };

    public static TheoryData<string, Type> ResponseFixtures => new()
    {
        { "health_service_response.json", typeof(List<HealthServiceEntry>) },
        { "health_checks_service_response.json", typeof(List<CheckRecord>) },
        { "agent_checks_response.json", typeof(Dictionary<string, CheckRecord>) },
        { "agent_services_response.json", typeof(Dictionary<string, ServiceRecord>) },
        { "agent_health_service_name_web_503.json", typeof(List<AgentServiceHealthRecord>) },
        { "catalog_services_response.json", typeof(Dictionary<string, List<string>>) },
        { "catalog_service_response.json", typeof(List<CatalogServiceRecord>) },
        { "catalog_service_api_internal_unfiltered.json", typeof(List<CatalogServiceRecord>) },
        { "kv_get_response.json", typeof(List<KvPairRecord>) },
        { "kv_keys_response.json", typeof(List<string>) },
        { "session_create_response.json", typeof(SessionCreatedRecord) },
        { "session_info_response.json", typeof(List<SessionRecord>) },
    };

    [Theory]
    [MemberData(nameof(ResponseFixtures))]
    public void Every_response_fixture_reads_into_the_models_with_nothing_unmodelled(string fixture, Type model)
    {
        var value = JsonSerializer.Deserialize(Fixture(fixture), model, ConsulWire.Strict);

        Assert.NotNull(value);
    }

    [Fact]
    public void Every_fixture_is_either_a_modelled_response_or_a_request_payload()
    {
        var modelled = ResponseFixtures.Select(row => (string)row[0]).ToHashSet();
        var files = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Fixtures"), "*.json").Select(Path.GetFileName);

        Assert.All(files, file => Assert.True(modelled.Contains(file!) || file!.EndsWith("_payload.json", StringComparison.Ordinal), $"{file} has no model"));
    }

    [Fact]
    public async Task The_doubles_health_answer_has_every_property_of_consuls()
    {
        await using var client = await DoubleClient.StartAsync();
        await client.RegisterAsync("""
            {"ID":"redis","Name":"redis","Tags":["primary"],"Address":"10.1.10.12","Port":8000,"Meta":{"redis_version":"4.0"},
             "TaggedAddresses":{"lan":{"Address":"10.1.10.12","Port":8000},"wan":{"Address":"198.18.1.2","Port":80}},
             "Weights":{"Passing":10,"Warning":1},"Check":{"TTL":"10s","Status":"passing"}}
            """);

        var json = await client.Http.GetStringAsync("v1/health/service/redis");

        var entry = Assert.Single(JsonSerializer.Deserialize<List<HealthServiceEntry>>(json, ConsulWire.Strict)!);
        Assert.Equal(new WeightsRecord(10, 1), entry.Service.Weights);
        Assert.Equal(new TaggedAddressRecord("198.18.1.2", 80), entry.Service.TaggedAddresses!["wan"]);
        AssertHasFixtureShape("health_service_response.json", json);
    }

    [Fact]
    public async Task The_doubles_kv_answer_has_every_property_of_consuls()
    {
        await using var client = await DoubleClient.StartAsync();
        using (await client.Http.PutAsync("v1/kv/zip", new StringContent("test"))) { }

        var json = await client.Http.GetStringAsync("v1/kv/zip");

        var pair = Assert.Single(JsonSerializer.Deserialize<List<KvPairRecord>>(json, ConsulWire.Strict)!);
        Assert.Equal("dGVzdA==", pair.Value);
        AssertHasFixtureShape("kv_get_response.json", json);
        Assert.Equal(["zip"], await client.Http.GetFromJsonAsync<List<string>>("v1/kv/?keys"));
    }

    [Theory]
    [InlineData("v1/agent/services", "agent_services_response.json")]
    [InlineData("v1/agent/checks", "agent_checks_response.json")]
    [InlineData("v1/catalog/services", "catalog_services_response.json")]
    public async Task The_doubles_agent_and_catalog_answers_have_every_property_of_consuls(string path, string fixture)
    {
        await using var client = await DoubleClient.StartAsync();
        await client.RegisterAsync("""
            {"ID":"redis","Name":"redis","Tags":["primary"],"Port":8000,"Meta":{"redis_version":"4.0"},
             "TaggedAddresses":{"lan":{"Address":"127.0.0.1","Port":8000},"wan":{"Address":"198.51.100.53","Port":80}},
             "Weights":{"Passing":10,"Warning":1},"Check":{"TTL":"10s"}}
            """);
        await client.RegisterAsync("""{"Name":"postgresql","Tags":["primary","secondary"]}""");

        var json = await client.Http.GetStringAsync(path);

        var model = ResponseFixtures.Single(row => (string)row[0] == fixture)[1];
        Assert.NotNull(JsonSerializer.Deserialize(json, (Type)model, ConsulWire.Strict));
        AssertHasFixtureShape(fixture, json);
    }

    /// <summary>Compares property paths (names compared case-insensitively: docs samples write tagged addresses in lower case).</summary>
    private static void AssertHasFixtureShape(string fixture, string json)
    {
        var expected = Paths(JsonDocument.Parse(Fixture(fixture)).RootElement, string.Empty).Where(p => !NotProduced.Contains(p.Split('.')[^1]));
        var actual = Paths(JsonDocument.Parse(json).RootElement, string.Empty).ToHashSet(StringComparer.OrdinalIgnoreCase);

        Assert.All(expected, path => Assert.True(actual.Contains(path), $"the double's answer lacks {path}"));
    }

    private static IEnumerable<string> Paths(JsonElement element, string prefix)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    var path = prefix + "." + property.Name;
                    yield return path;

                    // Meta keys are the user's data, not Consul's shape.
                    if (property.Name != "Meta")
                    {
                        foreach (var child in Paths(property.Value, path))
                        {
                            yield return child;
                        }
                    }
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    foreach (var child in Paths(item, prefix + "[]"))
                    {
                        yield return child;
                    }
                }

                break;
        }
    }

    private static string Fixture(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", name));
}
