using Junction.Registry;
using Junction.Runtime.Tests.Cluster;
using Microsoft.Extensions.Logging;
using static Junction.Runtime.Tests.Registry.RegistryTestSupport;

namespace Junction.Runtime.Tests.Registry;

/// <summary>
/// A consumer behind <see cref="ReliableRegistry"/>: served from the cache file while the registry is away, reconciled
/// when it answers, never emptied by an unconfirmed empty push, and never cleared because the registry went quiet.
/// </summary>
public sealed class ReliableRegistryTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly ManualTimeProvider _clock = new();
    private readonly ListLogger _logger = new();
    private readonly List<IReadOnlyList<ServiceInstance>> _pushes = [];

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void A_consumer_starting_while_the_registry_fails_gets_the_cached_providers_and_the_log_names_the_file()
    {
        var cache = CacheWith(Instance(1), Instance(2));
        var registry = new FakeHealthRegistry { Unreachable = true };
        var reliable = new ReliableRegistry(registry, cache, _clock, _logger);

        using var subscription = reliable.Subscribe(Key, _pushes.Add);
        Assert.Empty(_pushes);
        registry.Fail(Key, new HttpRequestException("connection refused (consul:8500)"));
        registry.Fail(Key, new HttpRequestException("connection refused (consul:8500)"));

        var served = Assert.Single(_pushes);
        Assert.Equal(2, served.Count);
        AssertSame(Instance(1), served[0]);
        var line = Assert.Single(_logger.At(LogLevel.Warning), e => e.Message.Contains("local cache file", StringComparison.Ordinal));
        Assert.Contains(cache.Path, line.Message, StringComparison.Ordinal);
        Assert.Contains("2 provider(s)", line.Message, StringComparison.Ordinal);
        Assert.Contains(Key, line.Message, StringComparison.Ordinal);
        Assert.Contains("unreachable", line.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_failure_report_the_cache_is_used_once_the_grace_period_passes_without_a_snapshot()
    {
        var registry = new FakeRegistry { Unreachable = true };
        var reliable = new ReliableRegistry(registry, CacheWith(Instance(1)), _clock, _logger, gracePeriod: TimeSpan.FromSeconds(3));

        using var subscription = reliable.Subscribe(Key, _pushes.Add);
        _clock.Advance(TimeSpan.FromMilliseconds(2999));
        Assert.Empty(_pushes);
        _clock.Advance(TimeSpan.FromMilliseconds(1));

        AssertSame(Instance(1), Assert.Single(Assert.Single(_pushes)));
        Assert.Contains(_logger.At(LogLevel.Warning), e => e.Message.Contains("no answer within 3000 ms", StringComparison.Ordinal));
    }

    [Fact]
    public void When_the_registry_answers_later_its_snapshot_replaces_the_cached_one_and_is_cached_in_turn()
    {
        var cache = CacheWith(Instance(1), Instance(2));
        var registry = new FakeHealthRegistry { Unreachable = true };
        var reliable = new ReliableRegistry(registry, cache, _clock, _logger);
        using var subscription = reliable.Subscribe(Key, _pushes.Add);
        registry.Fail(Key, new TimeoutException("no answer"));
        var cached = Assert.Single(_pushes);

        // The same provider 2 (a new object with equal content) and a new provider 3; provider 1 is gone.
        registry.Push(Key, Instance(2), Instance(3));

        Assert.Equal(2, _pushes.Count);
        Assert.Same(cached[1], _pushes[1][0]); // equal providers keep their object: the directory keeps their connections
        AssertSame(Instance(3), _pushes[1][1]);
        Assert.Contains(_logger.At(LogLevel.Information), e => e.Message.Contains("the registry answered", StringComparison.Ordinal) && e.Message.Contains(cache.Path, StringComparison.Ordinal));
        _clock.Advance(cache.WriteDelay);
        var reread = new RegistryCache(cache.Path, _clock, new ListLogger());
        Assert.True(reread.TryGet(Key, out var saved));
        Assert.Equal([Instance(2).Id, Instance(3).Id], saved.Select(i => i.Id));
    }

    [Fact]
    public void A_running_consumer_keeps_its_providers_when_the_registry_goes_away()
    {
        var registry = new FakeHealthRegistry();
        registry.Push(Key); // nothing yet
        var reliable = new ReliableRegistry(registry, CacheWith(Instance(9)), _clock, _logger);
        using var subscription = reliable.Subscribe(Key, _pushes.Add);
        registry.Push(Key, Instance(1), Instance(2));
        Assert.Equal(2, _pushes.Count);

        // The server goes away: failures, no pushes, time passes.
        registry.Unreachable = true;
        registry.Fail(Key, new HttpRequestException("connection refused"));
        _clock.Advance(TimeSpan.FromMinutes(10));
        registry.Fail(Key, new HttpRequestException("connection refused"));

        Assert.Equal(2, _pushes.Count);
        Assert.Equal([Instance(1).Id, Instance(2).Id], _pushes[^1].Select(i => i.Id));
        Assert.DoesNotContain(_logger.Entries, e => e.Message.Contains("local cache file", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_empty_push_is_held_until_a_fresh_query_confirms_it()
    {
        var registry = new FakeHealthRegistry();
        var answer = new TaskCompletionSource<IReadOnlyList<ServiceInstance>>();
        registry.Query = _ => answer.Task;
        var reliable = new ReliableRegistry(registry, cache: null, _clock, _logger);
        using var subscription = reliable.Subscribe(Key, _pushes.Add);
        registry.Push(Key, Instance(1));

        registry.Push(Key);
        Assert.Equal(2, _pushes.Count); // the initial empty list and [1]; the empty push is held
        Assert.Equal(1, registry.Queries);
        Assert.Contains(_logger.At(LogLevel.Warning), e => e.Message.Contains("holding back an empty push", StringComparison.Ordinal) && e.Message.Contains("confirm", StringComparison.Ordinal));

        answer.SetResult([]);
        await Until(() => _pushes.Count == 3, "the confirmed empty list is delivered");
        Assert.Empty(_pushes[2]);
        Assert.Contains(_logger.At(LogLevel.Warning), e => e.Message.Contains("confirmed an empty provider list", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_empty_push_that_a_fresh_query_contradicts_or_cannot_check_is_not_delivered()
    {
        var registry = new FakeHealthRegistry();
        var reliable = new ReliableRegistry(registry, cache: null, _clock, _logger);
        using var subscription = reliable.Subscribe(Key, _pushes.Add);
        registry.Push(Key, Instance(1), Instance(2));

        registry.Query = _ => Task.FromResult<IReadOnlyList<ServiceInstance>>([Instance(1)]);
        registry.Push(Key);
        await Until(() => _logger.Entries.Any(e => e.Message.Contains("a fresh query lists 1 provider(s)", StringComparison.Ordinal)), "the contradiction is logged");

        registry.Query = _ => Task.FromException<IReadOnlyList<ServiceInstance>>(new HttpRequestException("connection refused"));
        registry.Push(Key);
        await Until(() => _logger.Entries.Any(e => e.Exception is HttpRequestException), "the failed confirmation is logged");

        Assert.Equal(2, _pushes.Count);
        Assert.Equal(2, _pushes[^1].Count);
        Assert.Contains(_logger.At(LogLevel.Warning), e => e.Message.Contains("could not confirm an empty push", StringComparison.Ordinal) && e.Message.Contains("keeping the 2 provider(s)", StringComparison.Ordinal));
    }

    [Fact]
    public void Without_health_an_empty_push_is_delivered_when_the_next_push_repeats_it()
    {
        var registry = new FakeRegistry();
        var reliable = new ReliableRegistry(registry, cache: null, _clock, _logger);
        using var subscription = reliable.Subscribe(Key, _pushes.Add);
        registry.Push(Key, Instance(1));

        registry.Push(Key);
        Assert.Equal(2, _pushes.Count);
        Assert.Contains(_logger.At(LogLevel.Warning), e => e.Message.Contains("holding back an empty push", StringComparison.Ordinal));

        registry.Push(Key);
        Assert.Equal(3, _pushes.Count);
        Assert.Empty(_pushes[2]);
    }

    [Fact]
    public void Without_health_an_empty_push_is_delivered_after_the_confirmation_delay_unless_a_provider_appears()
    {
        var registry = new FakeRegistry();
        var reliable = new ReliableRegistry(registry, cache: null, _clock, _logger, emptyConfirmationDelay: TimeSpan.FromSeconds(10));
        using var subscription = reliable.Subscribe(Key, _pushes.Add);
        registry.Push(Key, Instance(1));

        // Contradicted: a provider appears before the delay passes.
        registry.Push(Key);
        registry.Push(Key, Instance(2));
        _clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(3, _pushes.Count);
        Assert.Equal(Instance(2).Id, Assert.Single(_pushes[2]).Id);

        // Not contradicted.
        registry.Push(Key);
        _clock.Advance(TimeSpan.FromMilliseconds(9999));
        Assert.Equal(3, _pushes.Count);
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(4, _pushes.Count);
        Assert.Empty(_pushes[3]);
    }

    [Fact]
    public void An_empty_first_answer_does_not_replace_providers_served_from_the_cache_unconfirmed()
    {
        var registry = new FakeRegistry { Unreachable = true };
        var reliable = new ReliableRegistry(registry, CacheWith(Instance(1)), _clock, _logger);
        using var subscription = reliable.Subscribe(Key, _pushes.Add);
        _clock.Advance(reliable.GracePeriod);
        Assert.Single(_pushes);

        registry.Push(Key);

        Assert.Single(_pushes);
        Assert.Contains(_logger.At(LogLevel.Warning), e => e.Message.Contains("the local cache file", StringComparison.Ordinal) && e.Message.Contains("holding back", StringComparison.Ordinal));
    }

    [Fact]
    public void A_disposed_subscription_gets_nothing_more_and_leaves_the_registry()
    {
        var registry = new FakeHealthRegistry { Unreachable = true };
        var reliable = new ReliableRegistry(registry, CacheWith(Instance(1)), _clock, _logger);
        var subscription = reliable.Subscribe(Key, _pushes.Add);

        subscription.Dispose();
        registry.Fail(Key, new HttpRequestException("down"));
        _clock.Advance(reliable.GracePeriod);
        registry.Push(Key, Instance(2));

        Assert.Empty(_pushes);
        Assert.Equal(0, registry.Subscribers);
    }

    private RegistryCache CacheWith(params ServiceInstance[] instances)
    {
        var path = Path.Combine(_folder.Path, "consumer.registry.json");
        var writer = new RegistryCache(path, _clock, new ListLogger());
        writer.Save(Key, instances);
        _clock.Advance(writer.WriteDelay);
        return new RegistryCache(path, _clock, new ListLogger());
    }
}
