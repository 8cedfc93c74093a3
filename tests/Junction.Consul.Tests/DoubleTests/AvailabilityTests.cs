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

    [Fact]
    public async Task HoldRequests_parks_matching_requests_until_released_while_others_are_answered()
    {
        await using var client = await DoubleClient.StartAsync();
        var hold = client.Consul.HoldRequests("/v1/kv/");

        var kv = await StartHeldKvReadAsync(client);
        using var health = await client.Http.GetAsync("v1/health/service/web");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.False(kv.IsCompleted);

        hold.Dispose();

        using var response = await kv;
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(0, client.Consul.HeldRequests);
        using var after = await client.Http.GetAsync("v1/kv/x");
        Assert.Equal(HttpStatusCode.NotFound, after.StatusCode);
    }

    [Fact]
    public async Task A_held_request_the_client_gives_up_on_stops_counting_and_the_double_answers_on()
    {
        await using var client = await DoubleClient.StartAsync();
        using var hold = client.Consul.HoldRequests("/v1/kv/");
        using var giveUp = new CancellationTokenSource();

        var abandoned = await StartHeldKvReadAsync(client, giveUp.Token);
        giveUp.Cancel();

        // The abandoned request must leave the count, or a test waiting for a held request would count a ghost.
        // (Checked to fail: with the count not lowered when the wait is cancelled, it stays at 1.)
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned);
        await WaitUntilAsync(() => client.Consul.HeldRequests == 0);
        using var health = await client.Http.GetAsync("v1/health/service/web");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task Disposing_the_double_drops_held_requests_instead_of_waiting_for_them()
    {
        await using var client = await DoubleClient.StartAsync();
        using var hold = client.Consul.HoldRequests("/v1/kv/");
        var held = await StartHeldKvReadAsync(client);

        // Kestrel waits up to the double's 5 s shutdown timeout for requests still running, then drops them: within
        // 4 s, only the release of held requests on disposal stops it. (Checked to fail: without that release,
        // disposing times out here.)
        await client.Consul.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(4));

        await Assert.ThrowsAsync<HttpRequestException>(() => held);
    }

    /// <summary>Starts a KV read and returns it once the double holds it.</summary>
    private static async Task<Task<HttpResponseMessage>> StartHeldKvReadAsync(DoubleClient client, CancellationToken cancellationToken = default)
    {
        var read = client.Http.GetAsync("v1/kv/x", cancellationToken);
        await WaitUntilAsync(() => client.Consul.HeldRequests == 1);
        return read;
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
