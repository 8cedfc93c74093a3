using System.Text;
using Junction.Configuration;
using Junction.Consul.Blocking;
using Junction.Consul.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Junction.Consul;

/// <summary>
/// Routing rules from Consul's KV store: the key <c>{KeyPrefix}{key}</c> (default prefix <c>junction/config/</c>,
/// so <c>junction/config/demo.IGreeter::.condition-router</c>), followed with blocking queries. A missing key reads
/// as null (no rule); an empty value as an empty text. Watchers hear the first answer and then only real changes.
/// </summary>
/// <remarks>
/// Each watch blocks on the <c>X-Consul-Index</c> header, not on the entry's <c>ModifyIndex</c> (which would return at
/// once forever, CONSUL-API.md §5), with the same index, rate-limit and backoff rules as discovery. While Consul cannot
/// be reached a watcher keeps the text it had.
/// </remarks>
public sealed class ConsulConfigSource : IConfigSource, IAsyncDisposable, Junction.Hosting.IApplicationComponent
{
    private readonly ConsulHttp _http;
    private ILogger _logger;
    private bool _ownLogger;
    private readonly Lock _gate = new();
    private readonly HashSet<KeyWatch> _watches = [];
    private bool _disposed;

    /// <summary>Creates a config source on the agent <paramref name="options"/> name; the options are validated and copied.</summary>
    public ConsulConfigSource(ConsulOptions options, ILoggerFactory? loggerFactory = null)
        : this(new ConsulHttp(ConsulOptions.ValidatedCopy(options)), loggerFactory)
    {
    }

    internal ConsulConfigSource(ConsulHttp http, ILoggerFactory? loggerFactory)
    {
        _http = http.Acquire();
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<ConsulConfigSource>();
        _ownLogger = loggerFactory is not null;
    }

    private ConsulOptions Options => _http.Options;

    /// <summary>The KV path read for a config key.</summary>
    public string KvPath(string key) => Options.KeyPrefix + key;

    /// <inheritdoc />
    public IDisposable Watch(string key, Action<string?> changed)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(changed);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var watch = new KeyWatch(this, key, changed);
            _watches.Add(watch);
            watch.Start();
            return watch;
        }
    }

    /// <summary>Logs to the host's logging when <c>UseConsul</c> created this (and no logger factory was passed).</summary>
    void Junction.Hosting.IApplicationComponent.UseLogging(ILoggerFactory loggerFactory)
    {
        if (!_ownLogger)
        {
            _logger = loggerFactory.CreateLogger<ConsulConfigSource>();
        }
    }

    /// <summary>Stops every watch.</summary>
    public async ValueTask DisposeAsync()
    {
        List<KeyWatch> watches;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            watches = [.. _watches];
            _watches.Clear();
        }

        foreach (var watch in watches)
        {
            await watch.StopAsync().ConfigureAwait(false);
        }

        _http.Release();
    }

    internal static string? Decode(ConsulResponse<List<KvEntry>> response)
    {
        if (response.NotFound || response.Value is not { Count: > 0 } entries)
        {
            return null;
        }

        return entries[0].Value is { } base64 ? Encoding.UTF8.GetString(Convert.FromBase64String(base64)) : "";
    }

    private sealed class KeyWatch : IDisposable
    {
        private readonly ConsulConfigSource _source;
        private readonly string _key;
        private readonly Action<string?> _changed;
        private readonly Lock _deliver = new();
        private readonly BlockingQueryLoop<List<KvEntry>> _loop;
        private bool _delivered;
        private bool _stopped;
        private string? _last;

        public KeyWatch(ConsulConfigSource source, string key, Action<string?> changed)
        {
            _source = source;
            _key = key;
            _changed = changed;
            var path = source._http.WithDatacenter("/v1/kv/" + ConsulPath.Escape(source.KvPath(key)));
            _loop = new BlockingQueryLoop<List<KvEntry>>(
                source._http,
                query => query.Length == 0 ? path : path + (path.Contains('?') ? "&" : "?") + query,
                ConsulJsonContext.Default.ListKvEntry,
                notFoundIsAbsent: true,
                OnResult,
                OnError);
        }

        public void Start() => _loop.Start();

        public ValueTask StopAsync()
        {
            lock (_deliver)
            {
                _stopped = true;
            }

            return _loop.StopAsync();
        }

        public void Dispose()
        {
            lock (_source._gate)
            {
                if (!_source._watches.Remove(this))
                {
                    return;
                }
            }

            _ = StopAsync().AsTask();
        }

        private void OnResult(ConsulResponse<List<KvEntry>> response)
        {
            var text = Decode(response);
            lock (_deliver)
            {
                if (_stopped || (_delivered && string.Equals(_last, text, StringComparison.Ordinal)))
                {
                    return;
                }

                _delivered = true;
                _last = text;
                try
                {
                    _changed(text);
                }
                catch (Exception e)
                {
                    _source._logger.LogError(e, "A watcher of config key {Key} threw", _key);
                }
            }
        }

        private void OnError(Exception error, int failures) =>
            _source._logger.LogWarning(error, "Reading config key {Key} from Consul failed ({Failures} in a row); keeping the last text", _source.KvPath(_key), failures);
    }
}
