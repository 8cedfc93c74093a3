using System.Net;
using System.Net.Http.Headers;

namespace Junction.Consul.Tests.DoubleTests;

public sealed class AclAndErrorTests
{
    private const string Token = "b1gs33cr3t";

    [Fact]
    public async Task With_a_required_token_a_missing_token_is_permission_denied_and_a_wrong_one_acl_not_found()
    {
        await using var client = await DoubleClient.StartAsync();
        client.Consul.RequireToken(Token);

        using var anonymous = await client.PutAsync("v1/agent/service/register", """{"Name":"web"}""");
        await DoubleClient.AssertErrorAsync(anonymous, HttpStatusCode.Forbidden,
            "Permission denied: token with AccessorID '00000000-0000-0000-0000-000000000002' lacks permission 'service:write' on \"web\"");

        using var wrong = new HttpRequestMessage(HttpMethod.Put, "v1/agent/service/register") { Content = new StringContent("""{"Name":"web"}""") };
        wrong.Headers.Add("X-Consul-Token", "guess");
        await DoubleClient.AssertErrorAsync(await client.Http.SendAsync(wrong), HttpStatusCode.Forbidden, "ACL not found");
        Assert.Empty(client.Consul.Services);

        using var right = new HttpRequestMessage(HttpMethod.Put, "v1/agent/service/register") { Content = new StringContent("""{"Name":"web"}""") };
        right.Headers.Add("X-Consul-Token", Token);
        Assert.Equal(HttpStatusCode.OK, (await client.Http.SendAsync(right)).StatusCode);
        Assert.Equal(Token, client.Consul.Requests[^1].Token);
    }

    [Fact]
    public async Task The_token_may_come_as_query_or_bearer_and_anonymous_reads_are_filtered_not_refused()
    {
        await using var client = await DoubleClient.StartAsync();
        client.Consul.RequireToken(Token);
        using (var byQuery = await client.PutAsync($"v1/agent/service/register?token={Token}", """{"Name":"web"}"""))
        {
            Assert.Equal(HttpStatusCode.OK, byQuery.StatusCode);
        }

        using var bearer = new HttpRequestMessage(HttpMethod.Get, "v1/health/service/web");
        bearer.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        using var withToken = await client.Http.SendAsync(bearer);
        Assert.Contains("\"ID\":\"web\"", await withToken.Content.ReadAsStringAsync());
        Assert.Equal("deny", withToken.Headers.GetValues("X-Consul-Default-ACL-Policy").Single());

        var (rows, _) = await client.HealthAsync("web");
        Assert.Empty(rows.EnumerateArray());
        using var kv = await client.Http.GetAsync("v1/kv/secret");
        await DoubleClient.AssertErrorAsync(kv, HttpStatusCode.Forbidden,
            "Permission denied: token with AccessorID '00000000-0000-0000-0000-000000000002' lacks permission 'key:read' on \"secret\"");
    }

    [Fact]
    public async Task Unknown_api_paths_are_404_text_and_wrong_methods_405_with_allow()
    {
        await using var client = await DoubleClient.StartAsync();
        using var unknown = await client.Http.GetAsync("v1/agent/nonsense");
        await DoubleClient.AssertErrorAsync(unknown, HttpStatusCode.NotFound, "Invalid URL path: not a recognized HTTP API endpoint");

        using var post = await client.Http.PostAsync("v1/agent/service/register", new StringContent("""{"Name":"web"}"""));
        await DoubleClient.AssertErrorAsync(post, HttpStatusCode.MethodNotAllowed, "method POST not allowed");
        Assert.Equal(["PUT"], post.Content.Headers.Allow);
        using var getPass = await client.Http.GetAsync("v1/agent/check/pass/service:web");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, getPass.StatusCode);
        Assert.Empty(client.Consul.Services);
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_a_decode_failure()
    {
        await using var client = await DoubleClient.StartAsync();
        using var response = await client.PutAsync("v1/agent/service/register", "{not json");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("Request decode failed: ", await response.Content.ReadAsStringAsync());
    }
}
