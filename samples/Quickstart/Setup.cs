using System.Collections.Concurrent;
using Junction.Configuration;
using Junction.Consul;
using Junction.Hosting;
using Junction.Registry;

namespace Quickstart;

/// <summary>
/// Where the quickstart's hosts meet: one in-memory registry shared by the three hosts (the default, runs anywhere), or a
/// Consul agent (<c>--registry consul://host:port</c>) that each host talks to on its own, as separate processes would.
/// </summary>
internal abstract class Setup : IAsyncDisposable
{
    public static Setup Parse(string[] args)
    {
        string? registry = null;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i].StartsWith("--registry=", StringComparison.Ordinal))
            {
                registry = args[i]["--registry=".Length..];
            }
            else if (args[i] == "--registry" && i + 1 < args.Length)
            {
                registry = args[++i];
            }
            else
            {
                throw new ArgumentException($"Unknown argument '{args[i]}'. Usage: Quickstart [--registry memory|consul://host:port]");
            }
        }

        if (registry is null or "memory")
        {
            return new Memory();
        }

        if (!Uri.TryCreate(registry, UriKind.Absolute, out var uri) || uri.Scheme != "consul" || uri.Port < 0 || uri.AbsolutePath is not ("" or "/"))
        {
            throw new ArgumentException($"--registry '{registry}' is not 'memory' or consul://host:port (for example consul://127.0.0.1:8500).");
        }

        return new Consul(new Uri($"http://{uri.Authority}"));
    }

    /// <summary>Puts one host on this registry.</summary>
    public abstract void Use(JunctionOptions options);

    /// <summary>The consumer's source of routing rules.</summary>
    public abstract IConfigSource CreateConfigSource();

    /// <summary>Publishes a rule and returns once the consumer's routing applied it.</summary>
    public abstract Task SetRuleAsync(IConfigSource source, string key, string text);

    public virtual ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private sealed class Memory : Setup
    {
        private readonly InMemoryRegistry _registry = new();

        public override void Use(JunctionOptions options) => options.UseRegistry(_registry);

        public override IConfigSource CreateConfigSource() => new InMemoryConfigSource();

        // The in-memory source calls its watchers before Set returns: the rule is in force at once.
        public override Task SetRuleAsync(IConfigSource source, string key, string text)
        {
            ((InMemoryConfigSource)source).Set(key, text);
            return Task.CompletedTask;
        }
    }

    private sealed class Consul(Uri address) : Setup
    {
        private readonly HttpClient _http = new() { BaseAddress = address, Timeout = TimeSpan.FromSeconds(10) };

        public override void Use(JunctionOptions options)
        {
            options.UseConsul(c => c.Address = address);
            // The quickstart stops its consumer before its providers, so no consumer needs time to drop them.
            options.UnregisterDelay = TimeSpan.Zero;
        }

        public override IConfigSource CreateConfigSource() =>
            new AppliedRules(new ConsulConfigSource(new ConsulOptions { Address = address }));

        // What `consul kv put junction/config/<key> @rule.yaml` does; the consumer hears it through a blocking query.
        public override async Task SetRuleAsync(IConfigSource source, string key, string text)
        {
            var rules = (AppliedRules)source;
            var applied = rules.WhenApplied(key, text);
            using var put = await _http.PutAsync(new Uri("/v1/kv/" + new ConsulOptions().KeyPrefix + key, UriKind.Relative), new StringContent(text));
            if (!put.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"Consul refused the rule: {(int)put.StatusCode} {await put.Content.ReadAsStringAsync()}");
            }

            await applied.WaitAsync(TimeSpan.FromSeconds(30));
        }

        public override ValueTask DisposeAsync()
        {
            _http.Dispose();
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>Tells when the consumer's routing has applied a given rule text (its watch callbacks have returned).</summary>
    private sealed class AppliedRules(IConfigSource inner) : IConfigSource
    {
        private readonly ConcurrentDictionary<(string Key, string Text), TaskCompletionSource> _waiting = new();

        public Task WhenApplied(string key, string text) =>
            _waiting.GetOrAdd((key, text), _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

        public IDisposable Watch(string key, Action<string?> changed) => inner.Watch(key, text =>
        {
            changed(text);
            if (text is not null && _waiting.TryGetValue((key, text), out var waiting))
            {
                waiting.TrySetResult();
            }
        });
    }
}
