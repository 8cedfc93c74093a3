using System.Net;

namespace Junction.Consul.Tests.DoubleTests;

public sealed class AvailabilityTests
{
    [Fact]
    public async Task A_hung_agent_holds_requests_until_it_is_alive_again()
    {
        await using var client = await DoubleClient.StartAsync();
        client.Consul.Dead();

        var held = client.PutAsync("v1/agent/service/register", """{"Name":"web"}""");
        await WaitUntilAsync(() => client.Consul.Requests.Count == 1);
        using var timedOut = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.Http.GetAsync("v1/health/service/web", timedOut.Token));
        Assert.False(held.IsCompleted);

        client.Consul.Alive();

        using var response = await held;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(client.Consul.Services);
    }

    [Fact]
    public async Task A_crashed_agent_drops_connections_and_a_blocked_query_gets_no_answer()
    {
        await using var client = await DoubleClient.StartAsync();
        var (_, index) = await client.HealthAsync("web");
        var blocked = client.Http.GetAsync($"v1/health/service/web?index={index}&wait=5m");
        await BlockingQueryTests.WaitUntilBlockedAsync(client.Consul, 1);

        client.Consul.Dead(Double.DeadMode.Reset);

        await Assert.ThrowsAsync<HttpRequestException>(() => blocked);
        await Assert.ThrowsAsync<HttpRequestException>(() => client.Http.GetAsync("v1/kv/x"));
        client.Consul.Alive();
        using var back = await client.Http.GetAsync("v1/kv/x");
        Assert.Equal(HttpStatusCode.NotFound, back.StatusCode);
    }

    [Fact]
    public async Task A_slow_agent_answers_after_the_delay_and_alive_releases_waiting_requests()
    {
        await using var client = await DoubleClient.StartAsync();
        client.Consul.Slow(TimeSpan.FromHours(1));

        var slow = client.Http.GetAsync("v1/kv/x");
        await WaitUntilAsync(() => client.Consul.Requests.Count == 1);
        Assert.False(slow.IsCompleted);
        client.Consul.Alive();

        using var response = await slow;
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task FailNext_answers_matching_requests_with_the_given_error_then_handles_them_again()
    {
        await using var client = await DoubleClient.StartAsync();
        client.Consul.FailNext(429, "rate limit exceeded, try a different server", times: 2, pathPrefix: "/v1/health/");

        using var kv = await client.Http.GetAsync("v1/kv/x");
        Assert.Equal(HttpStatusCode.NotFound, kv.StatusCode);
        for (var i = 0; i < 2; i++)
        {
            using var limited = await client.Http.GetAsync("v1/health/service/web");
            await DoubleClient.AssertErrorAsync(limited, HttpStatusCode.TooManyRequests, "rate limit exceeded, try a different server");
        }

        using var ok = await client.Http.GetAsync("v1/health/service/web");
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met in 10 s");
            await Task.Delay(5);
        }
    }
}
