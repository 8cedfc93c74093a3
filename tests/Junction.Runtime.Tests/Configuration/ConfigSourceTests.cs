using System.Collections.Concurrent;
using Junction.Configuration;
using Junction.Runtime.Tests.Cluster;

namespace Junction.Runtime.Tests.Configuration;

/// <summary>The in-memory and file config sources: current text first, then every change, until the watch is disposed.</summary>
public sealed class ConfigSourceTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("junction-rules-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void In_memory_watchers_get_the_current_text_then_each_change_then_nothing_after_dispose()
    {
        var source = new InMemoryConfigSource();
        source.Set("a.condition-router", "one");
        var seen = new List<string?>();

        var watch = source.Watch("a.condition-router", seen.Add);
        source.Set("a.condition-router", "two");
        Assert.True(source.Remove("a.condition-router"));
        Assert.False(source.Remove("a.condition-router"));
        watch.Dispose();
        source.Set("a.condition-router", "three");

        Assert.Equal(["one", "two", null], seen);
        Assert.Equal("three", source.Get("a.condition-router"));
    }

    [Fact]
    public void In_memory_watch_of_an_absent_key_starts_with_null()
    {
        var source = new InMemoryConfigSource();
        var seen = new List<string?>();
        using var watch = source.Watch("missing", seen.Add);
        source.Set("other", "x");
        Assert.Equal([null], seen);
    }

    [Fact]
    public async Task A_file_written_edited_renamed_in_and_deleted_reaches_its_watcher()
    {
        using var source = new FileConfigSource(_folder, TimeSpan.FromMinutes(10));
        var seen = new BlockingCollection<string?>();
        using var watch = source.Watch("com.foo.BarService:1.0:.condition-router", seen.Add);
        Assert.Null(Next(seen));

        var path = Path.Combine(_folder, "com.foo.BarService:1.0:.condition-router.yaml");
        await File.WriteAllTextAsync(path, "conditions: [\"=> host=1.1.1.1\"]");
        Until(seen, "conditions: [\"=> host=1.1.1.1\"]");

        // Written elsewhere and moved in, as editors and config tools do: one atomic change.
        var temp = Path.Combine(_folder, "staging.tmp");
        await File.WriteAllTextAsync(temp, "conditions: [\"=> host=2.2.2.2\"]");
        File.Move(temp, path, overwrite: true);
        Until(seen, "conditions: [\"=> host=2.2.2.2\"]");

        File.Delete(path);
        Assert.Null(Next(seen));
    }

    [Fact]
    public async Task A_watcher_that_throws_is_logged_and_the_other_watchers_still_get_the_change()
    {
        var log = new ListLogger();
        using var source = new FileConfigSource(_folder, TimeSpan.FromMinutes(10), log);
        var seen = new BlockingCollection<string?>();
        using var throwing = source.Watch("shop.condition-router", text => _ = text is null ? 0 : throw new InvalidOperationException("watcher bug"));
        using var watch = source.Watch("shop.condition-router", seen.Add);
        Assert.Null(Next(seen));

        // Written elsewhere and moved in, so no half-written version is delivered.
        var temp = Path.Combine(_folder, "staging.tmp");
        await File.WriteAllTextAsync(temp, "conditions: []");
        File.Move(temp, Path.Combine(_folder, "shop.condition-router.yaml"));
        source.Refresh();

        Until(seen, "conditions: []");
        var errors = log.At(Microsoft.Extensions.Logging.LogLevel.Error);
        Assert.NotEmpty(errors);
        Assert.All(errors, error =>
        {
            Assert.Contains("shop.condition-router", error.Message, StringComparison.Ordinal);
            Assert.Equal("watcher bug", error.Exception?.Message);
        });
    }

    [Fact]
    public async Task Percent_encoded_file_names_and_yml_files_name_their_keys()
    {
        await File.WriteAllTextAsync(Path.Combine(_folder, "com.foo.BarService%3A%3A.condition-router.yml"), "encoded");
        await File.WriteAllTextAsync(Path.Combine(_folder, "notes.txt"), "not a rule");
        using var source = new FileConfigSource(_folder, TimeSpan.FromMinutes(10));
        var seen = new List<string?>();

        using var encoded = source.Watch("com.foo.BarService::.condition-router", seen.Add);
        using var other = source.Watch("notes", seen.Add);

        Assert.Equal(["encoded", null], seen);
    }

    [Fact]
    public void A_missing_folder_is_refused_with_its_path()
    {
        var missing = Path.Combine(_folder, "nope");
        var error = Assert.Throws<DirectoryNotFoundException>(() => new FileConfigSource(missing));
        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
    }

    /// <summary>The next delivery; deliveries are driven by file-system notifications, so this waits for one.</summary>
    private static string? Next(BlockingCollection<string?> seen)
    {
        Assert.True(seen.TryTake(out var text, ClusterKit.Patience), "no change delivered");
        return text;
    }

    /// <summary>
    /// Takes deliveries until <paramref name="expected"/> arrives: a file being written can be seen empty or half
    /// written first (routing refuses such a rule and keeps its last one), but its final text must arrive.
    /// </summary>
    private static void Until(BlockingCollection<string?> seen, string expected)
    {
        while (!string.Equals(Next(seen), expected, StringComparison.Ordinal))
        {
        }
    }
}
