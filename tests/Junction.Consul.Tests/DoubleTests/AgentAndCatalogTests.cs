using System.Net;
using System.Net.Http.Json;

namespace Junction.Consul.Tests.DoubleTests;

public sealed class AgentAndCatalogTests
{
    [Fact]
    public async Task Catalog_services_lists_consul_and_the_union_of_tags_and_blocks_on_the_index()
    {
        await using var client = await DoubleClient.StartAsync();
        await client.RegisterAsync("""{"ID":"a","Name":"web","Tags":["v1"]}""");
        await client.RegisterAsync("""{"ID":"b","Name":"web","Tags":["v1","canary"]}""");
        using var first = await client.Http.GetAsync("v1/catalog/services");
        Assert.Equal("""{"consul":[],"web":["v1","canary"]}""", await first.Content.ReadAsStringAsync());

        var blocked = client.Http.GetAsync($"v1/catalog/services?index={DoubleClient.IndexOf(first)}&wait=5m");
        await BlockingQueryTests.WaitUntilBlockedAsync(client.Consul, 1);
        await client.RegisterAsync("""{"Name":"db"}""");

        using var woke = await blocked;
        Assert.Contains("\"db\":[]", await woke.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_check_registered_on_its_own_attaches_to_the_service_and_can_be_deregistered()
    {
        await using var client = await DoubleClient.StartAsync();
        await client.RegisterAsync("""{"ID":"w","Name":"web"}""");

        using (var register = await client.PutAsync("v1/agent/check/register", """{"Name":"alive","ServiceID":"w","TTL":"15s","Status":"passing"}"""))
        {
            Assert.Equal(HttpStatusCode.OK, register.StatusCode);
        }

        var checks = await client.Http.GetFromJsonAsync<Dictionary<string, CheckRecord>>("v1/agent/checks");
        Assert.Equal("passing", checks!["alive"].Status);
        Assert.Equal("w", checks["alive"].ServiceID);
        Assert.Single((await client.HealthAsync("web?passing")).Rows.EnumerateArray());

        using (var deregister = await client.PutAsync("v1/agent/check/deregister/alive"))
        {
            Assert.Equal(HttpStatusCode.OK, deregister.StatusCode);
        }

        Assert.Empty(Assert.Single(client.Consul.Services).Checks);
        using var again = await client.PutAsync("v1/agent/check/deregister/alive");
        await DoubleClient.AssertErrorAsync(again, HttpStatusCode.NotFound, "Unknown check ID \"alive\". Ensure that the check ID is passed, not the check name.");
    }

    [Theory]
    [InlineData("""{"TTL":"15s"}""", HttpStatusCode.BadRequest, "Missing check name")]
    [InlineData("""{"Name":"x","ServiceID":"nope","TTL":"15s"}""", HttpStatusCode.NotFound, "ServiceID \"nope\" does not exist")]
    [InlineData("""{"Name":"x","HTTP":"http://h/"}""", HttpStatusCode.BadRequest, "Invalid check: Interval must be > 0 for Script, HTTP, H2PING, TCP, UDP or OSService checks")]
    public async Task Bad_check_registrations_fail_like_consul(string body, HttpStatusCode status, string error)
    {
        await using var client = await DoubleClient.StartAsync();
        using var response = await client.PutAsync("v1/agent/check/register", body);
        await DoubleClient.AssertErrorAsync(response, status, error);
    }

    [Fact]
    public async Task An_unknown_datacenter_is_500_no_path_to_datacenter()
    {
        await using var client = await DoubleClient.StartAsync();
        using var response = await client.Http.GetAsync("v1/health/service/web?dc=dc9");
        await DoubleClient.AssertErrorAsync(response, HttpStatusCode.InternalServerError, "No path to datacenter");
    }
}
