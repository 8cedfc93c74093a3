using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Junction.Consul.Tests.Double;

namespace Junction.Consul.Tests.DoubleTests;

/// <summary>A started <see cref="ConsulDouble"/> with an <see cref="HttpClient"/> on its URL and a few helpers for raw calls.</summary>
internal sealed class DoubleClient : IAsyncDisposable
{
    private DoubleClient(ConsulDouble consul)
    {
        Consul = consul;
        Http = new HttpClient { BaseAddress = consul.Url, Timeout = TimeSpan.FromSeconds(30) };
    }

    public ConsulDouble Consul { get; }

    public HttpClient Http { get; }

    public static async Task<DoubleClient> StartAsync(ConsulDoubleOptions? options = null) =>
        new(await ConsulDouble.StartAsync(options));

    public Task<HttpResponseMessage> PutAsync(string path, string? json = null) =>
        Http.PutAsync(path, json is null ? null : new StringContent(json, Encoding.UTF8, "application/json"));

    public async Task RegisterAsync(string json)
    {
        using var response = await PutAsync("v1/agent/service/register", json);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(string.Empty, await response.Content.ReadAsStringAsync());
    }

    public async Task<(JsonElement Rows, ulong Index)> HealthAsync(string query)
    {
        using var response = await Http.GetAsync("v1/health/service/" + query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone(), IndexOf(response));
    }

    public static ulong IndexOf(HttpResponseMessage response) =>
        ulong.Parse(response.Headers.GetValues("X-Consul-Index").Single(), CultureInfo.InvariantCulture);

    /// <summary>Asserts Consul's error form: the status and a plain-text body.</summary>
    public static async Task AssertErrorAsync(HttpResponseMessage response, HttpStatusCode status, string body)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("text/plain; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.Equal(body, await response.Content.ReadAsStringAsync());
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Consul.DisposeAsync();
    }
}
