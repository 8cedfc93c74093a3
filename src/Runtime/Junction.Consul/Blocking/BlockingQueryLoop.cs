using Junction.Consul.Http;

namespace Junction.Consul.Blocking;

/// <summary>
/// Runs one Consul blocking query over and over until stopped: the index rules of <see cref="BlockingIndex"/>, a
/// <see cref="QueryRateLimiter"/> in front of every query, an HTTP timeout of <c>wait × 17/16</c> plus the request
/// timeout, and <see cref="ErrorBackoff"/> after failures. Every answer goes to <c>onResult</c> (which compares values:
/// Consul's answers are no guarantee of a change); every failure to <c>onError</c>.
/// </summary>
internal sealed class BlockingQueryLoop<T>
{
    private readonly ConsulHttp _http;
    private readonly ConsulOptions _options;
    private readonly TimeProvider _time;
    private readonly Func<string, string> _path;
    private readonly System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> _type;
    private readonly bool _notFoundIsAbsent;
    private readonly Action<ConsulResponse<T>> _onResult;
    private readonly Action<Exception, int> _onError;
    private readonly BackgroundLoop _loop = new();

    // path builds the request from the index/wait query part ("" when not blocking).
    public BlockingQueryLoop(
        ConsulHttp http,
        Func<string, string> path,
        System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type,
        bool notFoundIsAbsent,
        Action<ConsulResponse<T>> onResult,
        Action<Exception, int> onError)
    {
        _http = http;
        _options = http.Options;
        _time = http.Time;
        _path = path;
        _type = type;
        _notFoundIsAbsent = notFoundIsAbsent;
        _onResult = onResult;
        _onError = onError;
    }

    /// <summary>How many times the index went backwards and the loop restarted (for tests and diagnostics).</summary>
    public int Resets { get; private set; }

    public void Start() => _loop.Start(RunAsync);

    public ValueTask StopAsync() => _loop.StopAsync();

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var index = new BlockingIndex();
        var limiter = new QueryRateLimiter(_options.QueryBurst, _options.QueryRefillInterval, _time);
        var backoff = new ErrorBackoff(_options.ErrorBackoffMin, _options.ErrorBackoffMax, Random.Shared);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var pause = limiter.Take();
                if (pause > TimeSpan.Zero)
                {
                    await Task.Delay(pause, _time, cancellationToken).ConfigureAwait(false);
                }

                var blocking = index.Current != 0;
                var response = await _http.GetAsync(
                    _path(index.Query(_options.WaitTime)),
                    _type,
                    blocking ? _http.BlockingTimeout : _options.RequestTimeout,
                    _notFoundIsAbsent,
                    cancellationToken).ConfigureAwait(false);
                backoff.Reset();
                if (index.Observe(response.Index))
                {
                    Resets++;
                }

                _onResult(response);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                var pause = backoff.Next();
                _onError(e, backoff.Failures);
                try
                {
                    await Task.Delay(pause, _time, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
