using System.Net;
using Junction.Consul.Tests.Double;

namespace Junction.Consul.Tests.DoubleTests;

public sealed class BlockingQueryTests
{
    [Fact]
    public async Task Reads_carry_the_index_and_leader_headers_and_the_index_is_never_0_and_grows_with_writes()
    {
        await using var client = await DoubleClient.StartAsync();
        using var first = await client.Http.GetAsync("v1/health/service/web");
        var index = DoubleClient.IndexOf(first);
        Assert.True(index > 0);
        Assert.Equal("true", first.Headers.GetValues("X-Consul-KnownLeader").Single());
        Assert.Equal("0", first.Headers.GetValues("X-Consul-LastContact").Single());

        await client.RegisterAsync("""{"Name":"web"}""");
        var (_, after) = await client.HealthAsync("web");
        Assert.True(after > index);
    }

    [Fact]
    public async Task A_blocking_query_returns_when_a_write_moves_the_index()
    {
        await using var client = await DoubleClient.StartAsync();
        var (_, index) = await client.HealthAsync("web");

        var blocked = client.Http.GetAsync($"v1/health/service/web?index={index}&wait=5m");
        await WaitUntilBlockedAsync(client.Consul, 1);
        Assert.False(blocked.IsCompleted);
        await client.RegisterAsync("""{"Name":"web","Port":80}""");

        using var response = await blocked;
        Assert.True(DoubleClient.IndexOf(response) > index);
        Assert.Contains("\"Port\":80", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_blocking_query_without_a_change_returns_the_same_index_after_wait()
    {
        await using var client = await DoubleClient.StartAsync();
        var (_, index) = await client.HealthAsync("web");

        using var response = await client.Http.GetAsync($"v1/health/service/web?index={index}&wait=50ms");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(index, DoubleClient.IndexOf(response));
    }

    [Fact]
    public async Task MaxWait_clamps_a_long_wait_as_consul_clamps_at_ten_minutes()
    {
        await using var client = await DoubleClient.StartAsync(new ConsulDoubleOptions { MaxWait = TimeSpan.FromMilliseconds(50) });
        var (_, index) = await client.HealthAsync("web");

        using var response = await client.Http.GetAsync($"v1/health/service/web?index={index}&wait=10m");

        Assert.Equal(index, DoubleClient.IndexOf(response));
    }

    [Fact]
    public async Task ForceIndexRegression_releases_blocked_queries_with_a_lower_index_that_then_grows_again()
    {
        await using var client = await DoubleClient.StartAsync();
        await client.RegisterAsync("""{"Name":"web"}""");
        await client.RegisterAsync("""{"Name":"web","Port":1}""");
        var (_, index) = await client.HealthAsync("web");
        var blocked = client.Http.GetAsync($"v1/health/service/web?index={index}&wait=5m");
        await WaitUntilBlockedAsync(client.Consul, 1);

        client.Consul.ForceIndexRegression(1);

        using var response = await blocked;
        Assert.Equal(1UL, DoubleClient.IndexOf(response));
        await client.RegisterAsync("""{"Name":"web","Port":2}""");
        Assert.Equal(2UL, (await client.HealthAsync("web")).Index);
    }

    [Fact]
    public async Task A_regression_to_0_is_reported_as_0_so_clients_can_test_their_floor()
    {
        await using var client = await DoubleClient.StartAsync();
        await client.RegisterAsync("""{"Name":"web"}""");

        client.Consul.ForceIndexRegression(0);

        Assert.Equal(0UL, (await client.HealthAsync("web")).Index);
    }

    [Fact]
    public async Task An_index_above_the_servers_blocks_for_the_whole_wait_and_returns_the_lower_index()
    {
        await using var client = await DoubleClient.StartAsync();
        var (_, index) = await client.HealthAsync("web");

        using var response = await client.Http.GetAsync($"v1/health/service/web?index={index + 100}&wait=50ms");

        Assert.Equal(index, DoubleClient.IndexOf(response));
    }

    [Fact]
    public async Task Disposing_the_double_ends_parked_queries_instead_of_waiting_for_them()
    {
        var client = await DoubleClient.StartAsync();
        var (_, index) = await client.HealthAsync("web");
        var blocked = client.Http.GetAsync($"v1/health/service/web?index={index}&wait=10m");
        await WaitUntilBlockedAsync(client.Consul, 1);

        await client.Consul.DisposeAsync();

        await Assert.ThrowsAsync<HttpRequestException>(() => blocked);
        client.Http.Dispose();
    }

    [Fact]
    public async Task BumpIndex_wakes_a_blocked_query_with_the_same_rows_and_a_higher_index()
    {
        await using var client = await DoubleClient.StartAsync();
        await client.RegisterAsync("""{"Name":"web"}""");
        using var first = await client.Http.GetAsync("v1/health/service/web");
        var index = DoubleClient.IndexOf(first);
        var blocked = client.Http.GetAsync($"v1/health/service/web?index={index}&wait=5m");
        await WaitUntilBlockedAsync(client.Consul, 1);

        client.Consul.BumpIndex();

        using var woke = await blocked;
        Assert.Equal(index + 1, DoubleClient.IndexOf(woke));
        Assert.Equal(await first.Content.ReadAsStringAsync(), await woke.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("index=abc", "Invalid index")]
    [InlineData("index=1&wait=soon", "Invalid wait time")]
    [InlineData("stale&consistent", "Cannot specify ?stale with ?consistent, conflicting semantics.")]
    [InlineData("passing=maybe", "Invalid value for ?passing")]
    public async Task Bad_query_parameters_are_400_text(string query, string error)
    {
        await using var client = await DoubleClient.StartAsync();
        using var response = await client.Http.GetAsync("v1/health/service/web?" + query);
        await DoubleClient.AssertErrorAsync(response, HttpStatusCode.BadRequest, error);
    }

    /// <summary>Waits (polling with a deadline) until <paramref name="count"/> queries are parked in a blocking wait.</summary>
    internal static async Task WaitUntilBlockedAsync(ConsulDouble consul, int count)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (consul.BlockedQueries < count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"{consul.BlockedQueries} of {count} queries are blocked");
            await Task.Delay(5);
        }
    }
}
