using System.Collections.Concurrent;
using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Junction.Filters.AccessLog;

/// <summary>
/// An access-log file written in the background: lines are queued (at most <see cref="Capacity"/>, Dubbo buffers 5000;
/// beyond that the oldest are dropped and the drop is counted and logged, so a slow disk never slows calls), written in
/// batches, and the file rolls over at <see cref="MaxBytes"/>, keeping <see cref="Keep"/> old files
/// (<c>access.log.1</c> newest). One writer per path, shared by every service logging there.
/// </summary>
internal sealed class AccessLogFile
{
    public const int Capacity = 5000;
    public const long MaxBytes = 16L * 1024 * 1024;
    public const int Keep = 5;

    private static readonly ConcurrentDictionary<string, AccessLogFile> Open_ = new(StringComparer.Ordinal);

    private readonly Channel<string> _lines;

    private readonly ILogger _logger;
    private readonly SemaphoreSlim _writing = new(1, 1);
    private long _dropped;
    private long _queued;
    private long _written;

    private AccessLogFile(string path, ILogger logger)
    {
        Path = path;
        _logger = logger;
        _lines = Channel.CreateBounded<string>(
            new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            _ => Interlocked.Increment(ref _dropped));
        _ = Task.Run(WriteLoopAsync);
    }

    public string Path { get; }

    /// <summary>Lines dropped because the queue was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>The writer for <paramref name="path"/>; the folder must exist or be creatable.</summary>
    public static AccessLogFile Open(string path, ILoggerFactory loggerFactory)
    {
        var full = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        return Open_.GetOrAdd(full, p => new AccessLogFile(p, loggerFactory.CreateLogger("Junction.AccessLog")));
    }

    public void Append(string line)
    {
        Interlocked.Increment(ref _queued);
        _lines.Writer.TryWrite(line);
    }

    /// <summary>Waits until every line appended before the call is on disk (lines dropped count as handled).</summary>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        var target = Interlocked.Read(ref _queued);
        while (Interlocked.Read(ref _written) + Interlocked.Read(ref _dropped) < target)
        {
            await _writing.WaitAsync(cancellationToken).ConfigureAwait(false);
            _writing.Release();
            await Task.Yield();
        }
    }

    private async Task WriteLoopAsync()
    {
        var reader = _lines.Reader;
        var builder = new StringBuilder();
        long reportedDrops = 0;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            await _writing.WaitAsync().ConfigureAwait(false);
            try
            {
                var count = 0;
                while (reader.TryRead(out var line))
                {
                    builder.Append(line).Append('\n');
                    count++;
                }

                try
                {
                    RollIfNeeded();
                    await File.AppendAllTextAsync(Path, builder.ToString()).ConfigureAwait(false);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    _logger.LogError(e, "Access log {Path}: {Count} line(s) could not be written.", Path, count);
                }

                builder.Clear();
                Interlocked.Add(ref _written, count);
                var drops = Dropped;
                if (drops > reportedDrops)
                {
                    _logger.LogWarning("Access log {Path}: {Count} line(s) dropped so far because the disk could not keep up with {Capacity} queued lines.", Path, drops, Capacity);
                    reportedDrops = drops;
                }
            }
            finally
            {
                _writing.Release();
            }
        }
    }

    private void RollIfNeeded()
    {
        var file = new FileInfo(Path);
        if (!file.Exists || file.Length < MaxBytes)
        {
            return;
        }

        for (var i = Keep - 1; i >= 1; i--)
        {
            var from = Path + "." + i;
            if (File.Exists(from))
            {
                File.Move(from, Path + "." + (i + 1), overwrite: true);
            }
        }

        File.Move(Path, Path + ".1", overwrite: true);
    }
}
