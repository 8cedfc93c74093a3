namespace Junction.Configuration;

/// <summary>
/// A config source held in memory: rules set in code or by tests, and single-process applications. Changes reach
/// watchers at once, on the thread that made them.
/// </summary>
public sealed class InMemoryConfigSource : IConfigSource
{
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>Stores <paramref name="text"/> under <paramref name="key"/> and tells its watchers.</summary>
    public void Set(string key, string text)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(text);
        Publish(key, text);
    }

    /// <summary>Removes <paramref name="key"/> and tells its watchers (they receive null); false when it was absent.</summary>
    public bool Remove(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        lock (_entries)
        {
            if (!_entries.TryGetValue(key, out var entry) || entry.Text is null)
            {
                return false;
            }
        }

        Publish(key, null);
        return true;
    }

    /// <summary>The text stored under <paramref name="key"/>, or null.</summary>
    public string? Get(string key)
    {
        lock (_entries)
        {
            return _entries.TryGetValue(key, out var entry) ? entry.Text : null;
        }
    }

    /// <inheritdoc />
    public IDisposable Watch(string key, Action<string?> changed)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(changed);
        var watcher = new ConfigWatcher(changed);
        string? text;
        long version;
        lock (_entries)
        {
            var entry = EntryOf(key);
            entry.Watchers.Add(watcher);
            (text, version) = (entry.Text, entry.Version);
        }

        watcher.Deliver(text, version);
        return new Subscription(this, key, watcher);
    }

    private void Publish(string key, string? text)
    {
        ConfigWatcher[] watchers;
        long version;
        lock (_entries)
        {
            var entry = EntryOf(key);
            entry.Text = text;
            version = ++entry.Version;
            watchers = [.. entry.Watchers];
        }

        foreach (var watcher in watchers)
        {
            watcher.Deliver(text, version);
        }
    }

    private Entry EntryOf(string key)
    {
        if (!_entries.TryGetValue(key, out var entry))
        {
            entry = new Entry();
            _entries.Add(key, entry);
        }

        return entry;
    }

    private sealed class Entry
    {
        public string? Text { get; set; }

        public long Version { get; set; }

        public List<ConfigWatcher> Watchers { get; } = [];
    }

    private sealed class Subscription(InMemoryConfigSource source, string key, ConfigWatcher watcher) : IDisposable
    {
        public void Dispose()
        {
            watcher.Stop();
            lock (source._entries)
            {
                if (source._entries.TryGetValue(key, out var entry))
                {
                    entry.Watchers.Remove(watcher);
                }
            }
        }
    }
}
