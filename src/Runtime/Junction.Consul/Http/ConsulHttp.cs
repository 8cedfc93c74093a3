using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Junction.Consul.Http;

/// <summary>
/// The HTTP calls to one agent. The client has no timeout of its own: each request gets one, because a blocking query
/// legitimately waits up to <c>wait × 17/16</c> (CONSUL-API.md §4) while a heartbeat should fail fast.
/// </summary>
internal sealed class ConsulHttp : IDisposable
{
    private readonly HttpClient _client;
    private readonly ConsulOptions _options;
    private int _users;

    public ConsulHttp(ConsulOptions options, TimeProvider? time = null, HttpMessageHandler? handler = null)
    {
        _options = options;
        Time = time ?? TimeProvider.System;
        _client = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        _client.Timeout = Timeout.InfiniteTimeSpan;
        _client.BaseAddress = options.Address;
    }

    /// <summary>The validated settings.</summary>
    public ConsulOptions Options => _options;

    /// <summary>The clock of heartbeats, pacing and backoff (a fake one in tests).</summary>
    public TimeProvider Time { get; }

    /// <summary>The timeout of a blocking query: Consul adds up to wait/16 of jitter, then the answer must travel.</summary>
    public TimeSpan BlockingTimeout => _options.WaitTime * 17 / 16 + _options.RequestTimeout;

    /// <summary>Appends <c>dc</c> when a datacenter is configured.</summary>
    public string WithDatacenter(string pathAndQuery) =>
        _options.Datacenter is { Length: > 0 } dc
            ? pathAndQuery + (pathAndQuery.Contains('?') ? "&" : "?") + "dc=" + Uri.EscapeDataString(dc)
            : pathAndQuery;

    public async Task<ConsulResponse<T>> GetAsync<T>(string pathAndQuery, JsonTypeInfo<T> type, TimeSpan timeout, bool notFoundIsAbsent, CancellationToken cancellationToken)
    {
        using var request = NewRequest(HttpMethod.Get, pathAndQuery);
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        try
        {
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeoutSource.Token).ConfigureAwait(false);
            var index = ReadIndex(response);
            if (notFoundIsAbsent && response.StatusCode == HttpStatusCode.NotFound)
            {
                return new ConsulResponse<T>(default, index, NotFound: true);
            }

            await EnsureOkAsync(response, request, timeoutSource.Token).ConfigureAwait(false);
            var stream = await response.Content.ReadAsStreamAsync(timeoutSource.Token).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                var value = await JsonSerializer.DeserializeAsync(stream, type, timeoutSource.Token).ConfigureAwait(false);
                return new ConsulResponse<T>(value, index, NotFound: false);
            }
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw TimedOut(request, timeout, e);
        }
    }

    /// <summary>A write: success is exactly 200 (agent endpoints answer with an empty body).</summary>
    public async Task<HttpStatusCode> PutAsync(string pathAndQuery, HttpContent? body, CancellationToken cancellationToken, params HttpStatusCode[] alsoAccepted)
    {
        using var request = NewRequest(HttpMethod.Put, pathAndQuery);
        request.Content = body;
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(_options.RequestTimeout);
        try
        {
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeoutSource.Token).ConfigureAwait(false);
            if (Array.IndexOf(alsoAccepted, response.StatusCode) < 0)
            {
                await EnsureOkAsync(response, request, timeoutSource.Token).ConfigureAwait(false);
            }

            return response.StatusCode;
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw TimedOut(request, _options.RequestTimeout, e);
        }
    }

    public static HttpContent Json<T>(T value, JsonTypeInfo<T> type)
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(value, type));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    public void Dispose() => _client.Dispose();

    /// <summary>Counts a user (a registry or config source sharing this client); each calls <see cref="Release"/> once.</summary>
    public ConsulHttp Acquire()
    {
        Interlocked.Increment(ref _users);
        return this;
    }

    /// <summary>Disposes the client when its last user lets go, so a registry and a config source can share it.</summary>
    public void Release()
    {
        if (Interlocked.Decrement(ref _users) == 0)
        {
            Dispose();
        }
    }

    internal static ulong? ReadIndex(HttpResponseMessage response) =>
        response.Headers.TryGetValues("X-Consul-Index", out var values)
        && ulong.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            ? index
            : null;

    private static string Describe(HttpRequestMessage request) => request.Method + " " + request.RequestUri?.OriginalString;

    private static async Task EnsureOkAsync(HttpResponseMessage response, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (response.StatusCode == HttpStatusCode.OK)
        {
            return;
        }

        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        throw new ConsulException(response.StatusCode, body, Describe(request));
    }

    private TimeoutException TimedOut(HttpRequestMessage request, TimeSpan timeout, Exception inner) =>
        new($"Consul at {_options.Address} did not answer {Describe(request)} within {timeout.TotalSeconds:0.###} s; check that the agent is running, or raise ConsulOptions.RequestTimeout.", inner);

    private HttpRequestMessage NewRequest(HttpMethod method, string pathAndQuery)
    {
        var request = new HttpRequestMessage(method, new Uri(pathAndQuery, UriKind.Relative));
        if (_options.Token is { } token)
        {
            request.Headers.TryAddWithoutValidation("X-Consul-Token", token);
        }

        return request;
    }
}
