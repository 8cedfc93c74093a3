using System.Net;
using System.Text;
using Junction.Consul.Http;

namespace Junction.Consul.Tests.Unit;

/// <summary>The HTTP layer against a canned handler: what goes out and how Consul's plain-text errors come back.</summary>
public sealed class ConsulHttpTests
{
    [Fact]
    public async Task A_plain_text_error_surfaces_as_a_consul_exception_with_status_and_body()
    {
        using var handler = new Canned(_ => Text(HttpStatusCode.InternalServerError, "No cluster leader"));
        using var http = new ConsulHttp(new ConsulOptions(), handler: handler);
        var error = await Assert.ThrowsAsync<ConsulException>(() => http.GetAsync("/v1/health/service/x?passing=1", ConsulJsonContext.Default.ListHealthServiceEntry, TimeSpan.FromSeconds(5), false, default));
        Assert.Equal(HttpStatusCode.InternalServerError, error.StatusCode);
        Assert.Equal("No cluster leader", error.Body);
        Assert.StartsWith("Unexpected response code: 500 (No cluster leader)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_token_travels_as_x_consul_token_and_the_index_header_is_read()
    {
        string? token = null;
        using var handler = new Canned(request =>
        {
            token = request.Headers.GetValues("X-Consul-Token").Single();
            var response = Text(HttpStatusCode.OK, "[]");
            response.Headers.Add("X-Consul-Index", "1234");
            return response;
        });
        using var http = new ConsulHttp(new ConsulOptions { Token = "s3cret" }, handler: handler);
        var result = await http.GetAsync("/v1/health/service/x", ConsulJsonContext.Default.ListHealthServiceEntry, TimeSpan.FromSeconds(5), false, default);
        Assert.Equal("s3cret", token);
        Assert.Equal(1234UL, result.Index);
        Assert.Empty(result.Value!);
    }

    [Fact]
    public async Task A_missing_kv_key_is_absent_with_its_index_not_an_error()
    {
        using var handler = new Canned(_ =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.NotFound);
            response.Headers.Add("X-Consul-Index", "9");
            return response;
        });
        using var http = new ConsulHttp(new ConsulOptions(), handler: handler);
        var result = await http.GetAsync("/v1/kv/junction/config/x", ConsulJsonContext.Default.ListKvEntry, TimeSpan.FromSeconds(5), true, default);
        Assert.True(result.NotFound);
        Assert.Equal(9UL, result.Index);
    }

    [Fact]
    public async Task A_request_timeout_is_a_timeout_exception_but_caller_cancellation_stays_cancellation()
    {
        using var handler = new Canned(_ => throw new InvalidOperationException("unused")) { Hang = true };
        using var http = new ConsulHttp(new ConsulOptions(), handler: handler);
        await Assert.ThrowsAsync<TimeoutException>(() => http.GetAsync("/v1/kv/a", ConsulJsonContext.Default.ListKvEntry, TimeSpan.FromMilliseconds(50), true, default));
        using var cancel = new CancellationTokenSource(50);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => http.GetAsync("/v1/kv/a", ConsulJsonContext.Default.ListKvEntry, TimeSpan.FromMinutes(1), true, cancel.Token));
    }

    [Fact]
    public async Task Datacenter_and_path_escaping_are_applied()
    {
        Uri? seen = null;
        using var handler = new Canned(request =>
        {
            seen = request.RequestUri;
            return new HttpResponseMessage(HttpStatusCode.NotFound);
        });
        using var http = new ConsulHttp(new ConsulOptions { Datacenter = "eu 1" }, handler: handler);
        await http.GetAsync(http.WithDatacenter("/v1/kv/" + ConsulPath.Escape("junction/config/Demo.IGreeter:1.0:.condition-router")), ConsulJsonContext.Default.ListKvEntry, TimeSpan.FromSeconds(5), true, default);
        Assert.Equal("/v1/kv/junction/config/Demo.IGreeter%3A1.0%3A.condition-router?dc=eu%201", seen!.PathAndQuery);
    }

    private static HttpResponseMessage Text(HttpStatusCode status, string body) =>
        new(status) { Content = new StringContent(body, Encoding.UTF8, "text/plain") };

    private sealed class Canned(Func<HttpRequestMessage, HttpResponseMessage> answer) : HttpMessageHandler
    {
        public bool Hang { get; init; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (Hang)
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }

            return answer(request);
        }
    }
}
