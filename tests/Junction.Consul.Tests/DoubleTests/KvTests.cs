using System.Net;
using System.Text;
using System.Text.Json;

namespace Junction.Consul.Tests.DoubleTests;

public sealed class KvTests
{
    [Fact]
    public async Task Put_then_get_round_trips_the_value_as_base64_with_indexes()
    {
        await using var client = await DoubleClient.StartAsync();
        using (var put = await client.Http.PutAsync("v1/kv/config/web?flags=42", new ByteArrayContent("test"u8.ToArray())))
        {
            Assert.Equal("true", await put.Content.ReadAsStringAsync());
        }

        using var get = await client.Http.GetAsync("v1/kv/config/web");
        var entry = Assert.Single(JsonDocument.Parse(await get.Content.ReadAsStringAsync()).RootElement.EnumerateArray());
        Assert.Equal("config/web", entry.GetProperty("Key").GetString());
        Assert.Equal("dGVzdA==", entry.GetProperty("Value").GetString());
        Assert.Equal(42UL, entry.GetProperty("Flags").GetUInt64());
        Assert.Equal(entry.GetProperty("ModifyIndex").GetUInt64(), DoubleClient.IndexOf(get));

        using var raw = await client.Http.GetAsync("v1/kv/config/web?raw");
        Assert.Equal("test", await raw.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_missing_key_is_404_with_an_empty_body_and_index_headers_and_a_blocking_get_wakes_when_it_appears()
    {
        await using var client = await DoubleClient.StartAsync();
        using var missing = await client.Http.GetAsync("v1/kv/leader");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(string.Empty, await missing.Content.ReadAsStringAsync());
        var index = DoubleClient.IndexOf(missing);

        var blocked = client.Http.GetAsync($"v1/kv/leader?index={index}&wait=5m");
        await BlockingQueryTests.WaitUntilBlockedAsync(client.Consul, 1);
        using (await client.Http.PutAsync("v1/kv/leader", new StringContent("node-a"))) { }

        using var woke = await blocked;
        Assert.Equal(HttpStatusCode.OK, woke.StatusCode);
        Assert.True(DoubleClient.IndexOf(woke) > index);
        Assert.Contains(Convert.ToBase64String(Encoding.UTF8.GetBytes("node-a")), await woke.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Cas_0_creates_only_and_cas_n_needs_the_current_modify_index()
    {
        await using var client = await DoubleClient.StartAsync();
        Assert.Equal("true", await PutAsync(client, "k?cas=0", "a"));
        Assert.Equal("false", await PutAsync(client, "k?cas=0", "b"));
        using var get = await client.Http.GetAsync("v1/kv/k");
        var modifyIndex = JsonDocument.Parse(await get.Content.ReadAsStringAsync()).RootElement[0].GetProperty("ModifyIndex").GetUInt64();

        Assert.Equal("false", await PutAsync(client, $"k?cas={modifyIndex + 1}", "c"));
        Assert.Equal("true", await PutAsync(client, $"k?cas={modifyIndex}", "d"));
        using var conflict = await client.Http.PutAsync("v1/kv/k?cas=1&release=s", new StringContent("x"));
        await DoubleClient.AssertErrorAsync(conflict, HttpStatusCode.BadRequest, "Conflicting flags: cas=1&release=s");
    }

    [Fact]
    public async Task Recurse_keys_and_delete_work_on_prefixes()
    {
        await using var client = await DoubleClient.StartAsync();
        foreach (var key in new[] { "web/bar", "web/foo", "web/sub/x", "other" })
        {
            await PutAsync(client, key, "v");
        }

        using var keys = await client.Http.GetAsync("v1/kv/web/?keys&separator=/");
        Assert.Equal("""["web/bar","web/foo","web/sub/"]""", await keys.Content.ReadAsStringAsync());
        using var recurse = await client.Http.GetAsync("v1/kv/web/?recurse");
        Assert.Equal(3, JsonDocument.Parse(await recurse.Content.ReadAsStringAsync()).RootElement.GetArrayLength());

        using (var delete = await client.Http.DeleteAsync("v1/kv/web/?recurse"))
        {
            Assert.Equal("true", await delete.Content.ReadAsStringAsync());
        }

        using var gone = await client.Http.GetAsync("v1/kv/web/?recurse");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        using var all = await client.Http.GetAsync("v1/kv/?keys");
        Assert.Equal("""["other"]""", await all.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_empty_key_is_400_and_a_value_over_512_kib_is_413()
    {
        await using var client = await DoubleClient.StartAsync();
        using var empty = await client.Http.GetAsync("v1/kv/");
        await DoubleClient.AssertErrorAsync(empty, HttpStatusCode.BadRequest, "Missing key name");

        using var large = await client.Http.PutAsync("v1/kv/big", new ByteArrayContent(new byte[(512 * 1024) + 1]));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, large.StatusCode);
        Assert.StartsWith("Request body(524289 bytes) too large, max size: 524288 bytes.", await large.Content.ReadAsStringAsync());
    }

    private static async Task<string> PutAsync(DoubleClient client, string keyAndQuery, string value)
    {
        using var response = await client.Http.PutAsync("v1/kv/" + keyAndQuery, new StringContent(value));
        return await response.Content.ReadAsStringAsync();
    }
}
