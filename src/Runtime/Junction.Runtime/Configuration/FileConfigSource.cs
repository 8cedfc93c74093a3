using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Junction.Configuration;

/// <summary>
/// A config source over a folder of YAML files, watched: a file's name without <c>.yaml</c>/<c>.yml</c> is its key
/// (<c>com.foo.BarService:1.0:.condition-router.yaml</c>, <c>web.condition-router.yaml</c>); names may be
/// percent-encoded (<c>%3A</c> for <c>:</c>) where the file system forbids a character. Creating, editing, renaming or
/// deleting a file reaches the key's watchers within moments, without a restart.
/// </summary>
/// <remarks>
/// Change notifications from the operating system are hints only (they can be merged, duplicated or, under load, lost):
/// every hint re-reads the folder and delivers the keys whose text changed, and <see cref="PollInterval"/> re-reads it
/// anyway. A file caught half-written is read again on the next hint; a rule that does not parse is refused by routing,
/// which keeps the rule it had.
/// </remarks>
public sealed class FileConfigSource : IConfigSource, IDisposable
{
    private readonly Dictionary<string, Key> _keys = new(StringComparer.Ordinal);
    private readonly FileSystemWatcher _watcher;
    private readonly Timer _poll;
    private readonly ILogger _logger;
    private readonly Lock _refreshGate = new();
    private bool _disposed;

    /// <summary>Watches <paramref name="folder"/>, which must exist.</summary>
    /// <param name="folder">The folder holding the rule files.</param>
    /// <param name="pollInterval">How often the folder is re-read in case a change notification was lost; default 5 s.</param>
    /// <param name="logger">Where unreadable files and watchers that throw are reported; default none.</param>
    public FileConfigSource(string folder, TimeSpan? pollInterval = null, ILogger? logger = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        Folder = Path.GetFullPath(folder);
        if (!Directory.Exists(Folder))
        {
            throw new DirectoryNotFoundException($"The rule folder '{Folder}' does not exist; create it or point FileConfigSource at the folder holding your rule files.");
        }

        PollInterval = pollInterval ?? TimeSpan.FromSeconds(5);
        if (PollInterval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(pollInterval), PollInterval, "The poll interval must be positive.");
        }

        _logger = logger ?? NullLogger.Instance;
        _watcher = new FileSystemWatcher(Folder) { IncludeSubdirectories = false, NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size };
        _watcher.Changed += OnHint;
        _watcher.Created += OnHint;
        _watcher.Deleted += OnHint;
        _watcher.Renamed += OnHint;
        _watcher.Error += (_, e) => _logger.LogWarning(e.GetException(), "Watching rule folder {Folder} failed; changes are picked up by polling every {Interval}.", Folder, PollInterval);
        _watcher.EnableRaisingEvents = true;
        _poll = new Timer(_ => Refresh(), null, PollInterval, PollInterval);
    }

    /// <summary>The folder watched, as a full path.</summary>
    public string Folder { get; }

    /// <summary>How often the folder is re-read regardless of change notifications.</summary>
    public TimeSpan PollInterval { get; }

    /// <inheritdoc />
    public IDisposable Watch(string key, Action<string?> changed)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(changed);
        ObjectDisposedException.ThrowIf(_disposed, this);
        // Deliveries run on the poll timer and the folder watcher's threads, where an exception would end the process.
        var watcher = new ConfigWatcher(changed, e => _logger.LogError(e, "A watcher of config key {Key} threw; the others still get the change", key));
        Key entry;
        lock (_keys)
        {
            if (!_keys.TryGetValue(key, out entry!))
            {
                entry = new Key();
                _keys.Add(key, entry);
            }

            entry.Watchers.Add(watcher);
        }

        // Read now, so the first delivery is the file as it is (Refresh delivers it to the new watcher too).
        Refresh();
        lock (_keys)
        {
            watcher.Deliver(entry.Text, entry.Version);
        }

        return new Subscription(this, key, watcher);
    }

    /// <summary>Re-reads the folder now and tells watchers of every key whose file changed.</summary>
    public void Refresh()
    {
        if (_disposed)
        {
            return;
        }

        // One refresh at a time, so versions are assigned in the order texts were read.
        lock (_refreshGate)
        {
            var texts = ReadFolder(out var unreadable);
            List<(ConfigWatcher[] Watchers, string? Text, long Version)> changes = [];
            lock (_keys)
            {
                foreach (var (name, key) in _keys)
                {
                    if (unreadable.Contains(name))
                    {
                        // Keep what was read last rather than report the rule gone.
                        continue;
                    }

                    var text = texts.GetValueOrDefault(name);
                    if (key.Version > 0 && string.Equals(text, key.Text, StringComparison.Ordinal))
                    {
                        continue;
                    }

                    key.Text = text;
                    key.Version++;
                    changes.Add(([.. key.Watchers], text, key.Version));
                }
            }

            foreach (var (watchers, text, version) in changes)
            {
                foreach (var watcher in watchers)
                {
                    watcher.Deliver(text, version);
                }
            }
        }
    }

    /// <summary>Stops watching.</summary>
    public void Dispose()
    {
        _disposed = true;
        _watcher.Dispose();
        _poll.Dispose();
    }

    private void OnHint(object sender, FileSystemEventArgs e)
    {
        try
        {
            Refresh();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _logger.LogWarning(ex, "Re-reading rule folder {Folder} failed; trying again on the next change.", Folder);
        }
    }

    /// <summary>Key → text of every rule file now in the folder; <paramref name="unreadable"/>: keys whose file could not be read.</summary>
    private Dictionary<string, string> ReadFolder(out HashSet<string> unreadable)
    {
        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        unreadable = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in Directory.EnumerateFiles(Folder))
        {
            var extension = Path.GetExtension(path);
            if (!extension.Equals(".yaml", StringComparison.OrdinalIgnoreCase) && !extension.Equals(".yml", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var key = Uri.UnescapeDataString(Path.GetFileNameWithoutExtension(path));
            try
            {
                texts[key] = File.ReadAllText(path);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Deleted or being replaced between listing and reading: the next hint reads it again.
                unreadable.Add(key);
                _logger.LogDebug(ex, "Rule file {Path} could not be read now.", path);
            }
        }

        return texts;
    }

    private sealed class Key
    {
        public string? Text { get; set; }

        public long Version { get; set; }

        public List<ConfigWatcher> Watchers { get; } = [];
    }

    private sealed class Subscription(FileConfigSource source, string key, ConfigWatcher watcher) : IDisposable
    {
        public void Dispose()
        {
            watcher.Stop();
            lock (source._keys)
            {
                if (source._keys.TryGetValue(key, out var entry))
                {
                    entry.Watchers.Remove(watcher);
                }
            }
        }
    }
}
