using System.Text.Json;
using Junction.Registry;
using Junction.Runtime.Tests.Cluster;
using Microsoft.Extensions.Logging;
using static Junction.Runtime.Tests.Registry.RegistryTestSupport;

namespace Junction.Runtime.Tests.Registry;

/// <summary>The local cache file: every field survives a restart, writes are coalesced and replace the file whole.</summary>
public class RegistryCacheTests
{
    [Fact]
    public async Task A_saved_snapshot_is_read_back_by_the_next_process_with_every_field_intact()
    {
        using var folder = new TempFolder();
        var clock = new ManualTimeProvider();
        var path = Path.Combine(folder.Path, RegistryCache.FileName("orders-app"));
        await using (var cache = new RegistryCache(path, clock, new ListLogger()))
        {
            cache.Save(Key, [Instance(1), Instance(2)]);
            cache.Save("other/Demo.IStock:2.0", [Instance(3, "other/Demo.IStock:2.0")]);
            clock.Advance(cache.WriteDelay);
        }

        var reopened = new RegistryCache(path, new ManualTimeProvider(), new ListLogger());
        Assert.True(reopened.TryGet(Key, out var orders));
        Assert.Equal(2, orders.Count);
        AssertSame(Instance(1), orders[0]);
        AssertSame(Instance(2), orders[1]);
        Assert.True(reopened.TryGet("other/Demo.IStock:2.0", out var stock));
        AssertSame(Instance(3, "other/Demo.IStock:2.0"), Assert.Single(stock));
        Assert.False(reopened.TryGet("never/Subscribed:1.0", out _));
    }

    [Fact]
    public void Saves_in_a_burst_become_one_write_after_the_write_delay_holding_the_latest_snapshot()
    {
        using var folder = new TempFolder();
        var clock = new ManualTimeProvider();
        var cache = new RegistryCache(Path.Combine(folder.Path, "app.registry.json"), clock, new ListLogger());

        cache.Save(Key, [Instance(1)]);
        cache.Save(Key, [Instance(1), Instance(2)]);
        clock.Advance(cache.WriteDelay / 2);
        cache.Save(Key, [Instance(2)]);
        Assert.Empty(folder.Files);
        Assert.Equal(1, clock.ArmedTimers);

        clock.Advance(cache.WriteDelay / 2);
        var file = Assert.Single(folder.Files);
        Assert.Equal(cache.Path, file);
        var written = RegistryCache.Deserialize(File.ReadAllBytes(file));
        AssertSame(Instance(2), Assert.Single(written[Key]));
        Assert.Equal(0, clock.ArmedTimers);
    }

    [Fact]
    public void A_write_replaces_the_whole_file_through_a_temporary_file_and_leaves_nothing_else_behind()
    {
        using var folder = new TempFolder();
        Directory.CreateDirectory(folder.Path);
        var path = Path.Combine(folder.Path, "app.registry.json");
        File.WriteAllText(path, """{"version":1,"services":{"old/Key:1.0":[]}}""" + new string(' ', 10_000));
        var clock = new ManualTimeProvider();
        var cache = new RegistryCache(path, clock, new ListLogger());

        cache.Save(Key, [Instance(1)]);
        clock.Advance(cache.WriteDelay);

        // The new content is shorter than the old: an in-place write would leave the old tail and break the JSON.
        Assert.Equal([path], folder.Files);
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        var services = document.RootElement.GetProperty("services");
        Assert.Equal(1, services.GetProperty(Key).GetArrayLength());
        Assert.True(services.TryGetProperty("old/Key:1.0", out _), "keys loaded from the file are kept");
    }

    [Fact]
    public void A_damaged_cache_file_is_ignored_with_a_warning_naming_it_and_rewritten_by_the_next_save()
    {
        using var folder = new TempFolder();
        Directory.CreateDirectory(folder.Path);
        var path = Path.Combine(folder.Path, "app.registry.json");
        File.WriteAllText(path, """{"version":1,"services":{"x":[{"serviceKey":""");
        var logger = new ListLogger();
        var clock = new ManualTimeProvider();

        var cache = new RegistryCache(path, clock, logger);

        Assert.False(cache.TryGet("x", out _));
        Assert.Contains(logger.At(LogLevel.Warning), e => e.Message.Contains(path, StringComparison.Ordinal));
        cache.Save(Key, [Instance(1)]);
        clock.Advance(cache.WriteDelay);
        Assert.True(new RegistryCache(path, clock, new ListLogger()).TryGet(Key, out var read));
        AssertSame(Instance(1), Assert.Single(read));
    }

    [Theory]
    [InlineData("orders", "orders.registry.json")]
    [InlineData("team/orders", "team_orders.registry.json")]
    public void The_file_is_named_after_the_application(string application, string expected)
        => Assert.Equal(expected, RegistryCache.FileName(application));
}
