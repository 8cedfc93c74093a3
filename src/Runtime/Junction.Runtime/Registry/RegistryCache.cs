using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Junction.Registry;

/// <summary>
/// The local cache file of one application (Dubbo's <c>~/.dubbo/dubbo-registry-*.cache</c>): the last good provider list
/// of every service key it subscribed to, so that a consumer starting while the registry is down still finds providers.
/// Saves are coalesced (one write per <see cref="WriteDelay"/> at most) and each write replaces the whole file
/// atomically (a temporary file moved over it), so a reader never sees half a file.
/// </summary>
internal sealed class RegistryCache : IAsyncDisposable
{
    /// <summary>How long a save waits for more saves before writing them together.</summary>
    public static readonly TimeSpan DefaultWriteDelay = TimeSpan.FromSeconds(1);

    // One cache object per file in a process: two runtimes of the same application (two JunctionClient.Create calls)
    // must add to one file, not overwrite each other's service keys.
    private static readonly ConcurrentDictionary<string, RegistryCache> Files = new(StringComparer.Ordinal);

    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _writing = new(1, 1);
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Dictionary<string, ServiceInstance[]> _entries = new(StringComparer.Ordinal);
    private ITimer? _pendingWrite;
    private bool _dirty;

    public RegistryCache(string path, TimeProvider time, ILogger logger, TimeSpan? writeDelay = null)
    {
        Path = System.IO.Path.GetFullPath(path);
        _time = time;
        _logger = logger;
        WriteDelay = writeDelay ?? DefaultWriteDelay;
        Load();
    }

    /// <summary>The cache file.</summary>
    public string Path { get; }

    public TimeSpan WriteDelay { get; }

    /// <summary>The cache file of <paramref name="application"/> in <paramref name="folder"/>, shared within the process.</summary>
    public static RegistryCache ForApplication(string folder, string application, TimeProvider time, ILogger logger)
    {
        var path = System.IO.Path.GetFullPath(System.IO.Path.Combine(folder, FileName(application)));
        return Files.GetOrAdd(path, p => new RegistryCache(p, time, logger));
    }

    /// <summary><c>{application}.registry.json</c>, with characters a file name cannot hold replaced by <c>_</c>.</summary>
    public static string FileName(string application)
    {
        var invalid = System.IO.Path.GetInvalidFileNameChars();
        var chars = application.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (Array.IndexOf(invalid, chars[i]) >= 0 || chars[i] == '/' || chars[i] == '\\')
            {
                chars[i] = '_';
            }
        }

        return new string(chars) + ".registry.json";
    }

    public bool TryGet(string serviceKey, out IReadOnlyList<ServiceInstance> instances)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue(serviceKey, out var entry))
            {
                instances = entry;
                return true;
            }
        }

        instances = [];
        return false;
    }

    /// <summary>Records the last good snapshot of a service key; the file is written within <see cref="WriteDelay"/>.</summary>
    public void Save(string serviceKey, IReadOnlyList<ServiceInstance> instances)
    {
        lock (_gate)
        {
            _entries[serviceKey] = [.. instances];
            _dirty = true;
            if (_pendingWrite is null)
            {
                _pendingWrite = _time.CreateTimer(static s => _ = ((RegistryCache)s!).FlushAsync(), this, WriteDelay, Timeout.InfiniteTimeSpan);
            }
        }
    }

    /// <summary>Writes pending saves now.</summary>
    public async Task FlushAsync()
    {
        await _writing.WaitAsync().ConfigureAwait(false);
        try
        {
            byte[] content;
            lock (_gate)
            {
                _pendingWrite?.Dispose();
                _pendingWrite = null;
                if (!_dirty)
                {
                    return;
                }

                _dirty = false;
                content = Serialize(_entries);
            }

            Write(content);
        }
        catch (Exception e)
        {
            // A cache that cannot be written only costs the fallback on the next start; calls are unaffected.
            _logger.LogWarning(e, "Could not write the registry cache file {Path}; consumers starting while the registry is down will find no providers there", Path);
        }
        finally
        {
            _writing.Release();
        }
    }

    public async ValueTask DisposeAsync() => await FlushAsync().ConfigureAwait(false);

    internal static byte[] Serialize(IReadOnlyDictionary<string, ServiceInstance[]> entries)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteNumber("version", 1);
            writer.WriteStartObject("services");
            foreach (var (serviceKey, instances) in entries)
            {
                writer.WriteStartArray(serviceKey);
                foreach (var instance in instances)
                {
                    WriteInstance(writer, instance);
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    internal static Dictionary<string, ServiceInstance[]> Deserialize(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        using var document = JsonDocument.ParseValue(ref reader);
        var entries = new Dictionary<string, ServiceInstance[]>(StringComparer.Ordinal);
        foreach (var service in document.RootElement.GetProperty("services").EnumerateObject())
        {
            var instances = new List<ServiceInstance>();
            foreach (var element in service.Value.EnumerateArray())
            {
                instances.Add(ReadInstance(element));
            }

            entries[service.Name] = [.. instances];
        }

        return entries;
    }

    private static void WriteInstance(Utf8JsonWriter writer, ServiceInstance instance)
    {
        writer.WriteStartObject();
        writer.WriteString("serviceKey", instance.ServiceKey);
        writer.WriteString("protocol", instance.Protocol);
        writer.WriteString("host", instance.Host);
        writer.WriteNumber("port", instance.Port);
        writer.WriteNumber("weight", instance.Weight);

        // The round-trip format keeps every tick and the offset.
        writer.WriteString("startTime", instance.StartTime.ToString("O", CultureInfo.InvariantCulture));
        writer.WriteStartObject("metadata");
        foreach (var (key, value) in instance.Metadata)
        {
            writer.WriteString(key, value);
        }

        writer.WriteEndObject();
        writer.WriteStartArray("tags");
        foreach (var tag in instance.Tags)
        {
            writer.WriteStringValue(tag);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static ServiceInstance ReadInstance(JsonElement element)
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in element.GetProperty("metadata").EnumerateObject())
        {
            metadata[property.Name] = property.Value.GetString() ?? "";
        }

        var tags = new List<string>();
        foreach (var tag in element.GetProperty("tags").EnumerateArray())
        {
            tags.Add(tag.GetString() ?? "");
        }

        return new ServiceInstance(
            element.GetProperty("serviceKey").GetString()!,
            element.GetProperty("protocol").GetString()!,
            element.GetProperty("host").GetString()!,
            element.GetProperty("port").GetInt32())
        {
            Weight = element.GetProperty("weight").GetInt32(),
            StartTime = DateTimeOffset.ParseExact(element.GetProperty("startTime").GetString()!, "O", CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
            Metadata = metadata,
            Tags = [.. tags],
        };
    }

    private void Load()
    {
        try
        {
            if (!File.Exists(Path))
            {
                return;
            }

            foreach (var (serviceKey, instances) in Deserialize(File.ReadAllBytes(Path)))
            {
                _entries[serviceKey] = instances;
            }
        }
        catch (Exception e)
        {
            // Rewritten with the next good snapshot.
            _logger.LogWarning(e, "Ignoring the registry cache file {Path}: it could not be read", Path);
            _entries.Clear();
        }
    }

    private void Write(byte[] content)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        var temporary = Path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        try
        {
            using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                file.Write(content);
                file.Flush(flushToDisk: true);
            }

            File.Move(temporary, Path, overwrite: true);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
