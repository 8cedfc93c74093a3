using System.Text;
using Junction.Consul.Http;

namespace Junction.Consul.Tests.Integration;

/// <summary>ConsulConfigSource against the Consul double, or a real agent when CONSUL_HTTP_ADDR is set.</summary>
public sealed class ConsulConfigSourceTests : IAsyncLifetime
{
    private ConsulTarget _consul = null!;

    public async Task InitializeAsync() => _consul = await ConsulTarget.StartAsync();

    public async Task DisposeAsync() => await _consul.DisposeAsync();

    [Fact]
    public async Task A_rule_is_delivered_when_written_on_change_and_as_null_when_deleted()
    {
        var options = _consul.Options();
        await using var source = new ConsulConfigSource(options);
        const string key = "Demo.IGreeter:1.0:.condition-router";
        var texts = new Texts();
        using var watch = source.Watch(key, texts.Add);
        await texts.WaitFor(t => t.Count == 1 && t[0] is null, "the absent key as null");

        await PutAsync(options, key, "conditions:\n  - => host = 1.2.3.4\n");
        await texts.WaitFor(t => t[^1] == "conditions:\n  - => host = 1.2.3.4\n", "the rule");
        await PutAsync(options, key, "conditions: []\n");
        await texts.WaitFor(t => t[^1] == "conditions: []\n", "the changed rule");
        await DeleteAsync(options, key);
        var all = await texts.WaitFor(t => t.Count == 4 && t[^1] is null, "null after delete");
        Assert.Equal([null, "conditions:\n  - => host = 1.2.3.4\n", "conditions: []\n", null], all);
    }

    [Fact]
    public async Task Writes_to_other_keys_wake_the_query_but_deliver_nothing()
    {
        var options = _consul.Options();
        await using var source = new ConsulConfigSource(options);
        var texts = new Texts();
        using var watch = source.Watch("mine", texts.Add);
        await PutAsync(options, "mine", "a");
        await texts.WaitFor(t => t.Count > 0 && t[^1] == "a", "the first text");
        var delivered = texts.Count;
        for (var i = 0; i < 5; i++)
        {
            await PutAsync(options, "other", "x" + i);
        }

        await PutAsync(options, "mine", "b");
        await texts.WaitFor(t => t[^1] == "b", "the second text");
        Assert.Equal(delivered + 1, texts.Count);
    }

    private static async Task PutAsync(ConsulOptions options, string key, string text)
    {
        using var client = Client(options);
        using var body = new ByteArrayContent(Encoding.UTF8.GetBytes(text));
        using var response = await client.PutAsync("/v1/kv/" + ConsulPath.Escape(options.KeyPrefix + key), body);
        response.EnsureSuccessStatusCode();
    }

    private static async Task DeleteAsync(ConsulOptions options, string key)
    {
        using var client = Client(options);
        using var response = await client.DeleteAsync("/v1/kv/" + ConsulPath.Escape(options.KeyPrefix + key));
        response.EnsureSuccessStatusCode();
    }

    private static HttpClient Client(ConsulOptions options)
    {
        var client = new HttpClient { BaseAddress = options.Address };
        if (options.Token is { } token)
        {
            client.DefaultRequestHeaders.Add("X-Consul-Token", token);
        }

        return client;
    }

    private sealed class Texts
    {
        private readonly List<string?> _all = [];

        public int Count
        {
            get
            {
                lock (_all)
                {
                    return _all.Count;
                }
            }
        }

        public void Add(string? text)
        {
            lock (_all)
            {
                _all.Add(text);
            }
        }

        public async Task<List<string?>> WaitFor(Func<List<string?>, bool> match, string what)
        {
            List<string?>? found = null;
            await Poll.Until(
                () =>
                {
                    lock (_all)
                    {
                        found = _all.Count > 0 && match(_all) ? [.. _all] : null;
                        return found is not null;
                    }
                },
                what);
            return found!;
        }
    }
}
