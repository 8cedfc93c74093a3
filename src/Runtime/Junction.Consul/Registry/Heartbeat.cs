using System.Net;
using Junction.Consul.Blocking;
using Junction.Consul.Http;
using Microsoft.Extensions.Logging;

namespace Junction.Consul.Registry;

/// <summary>
/// Keeps one registration's TTL check passing: <c>PUT /v1/agent/check/pass/service:{id}</c> every third of the TTL, so
/// two heartbeats may be lost before the check turns critical. An agent that answers 404 (unknown check) or 500 (check
/// without TTL) has lost the registration, typically after a restart: the service is registered again (CONSUL-API.md §2,
/// Spring Cloud Consul's re-registration rule). Other failures are logged and retried at the next beat.
/// </summary>
internal sealed class Heartbeat
{
    private int _reregistrations;
    private readonly ConsulHttp _http;
    private readonly AgentServiceRegistration _registration;
    private readonly TimeSpan _interval;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly BackgroundLoop _loop = new();

    public Heartbeat(ConsulHttp http, AgentServiceRegistration registration, ILogger logger)
    {
        _http = http;
        _registration = registration;
        _interval = http.Options.CheckTtl / 3;
        _time = http.Time;
        _logger = logger;
    }

    /// <summary>How many times the registration was sent again because the agent had lost it.</summary>
    public int Reregistrations => Volatile.Read(ref _reregistrations);

    public static Task RegisterAsync(ConsulHttp http, AgentServiceRegistration registration, CancellationToken cancellationToken) =>
        http.PutAsync(
            "/v1/agent/service/register?replace-existing-checks=true",
            ConsulHttp.Json(registration, ConsulJsonContext.Default.AgentServiceRegistration),
            cancellationToken);

    public void Start() => _loop.Start(RunAsync);

    public ValueTask StopAsync() => _loop.StopAsync();

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var checkPath = "/v1/agent/check/pass/" + Uri.EscapeDataString(_registration.Check!.CheckId!);
        while (true)
        {
            try
            {
                await Task.Delay(_interval, _time, cancellationToken).ConfigureAwait(false);
                var status = await _http.PutAsync(checkPath, null, cancellationToken, HttpStatusCode.NotFound, HttpStatusCode.InternalServerError).ConfigureAwait(false);
                if (status != HttpStatusCode.OK)
                {
                    _logger.LogWarning("Consul answered {Status} to the heartbeat of {ServiceId}: the agent lost the registration; registering again", (int)status, _registration.Id);
                    await RegisterAsync(_http, _registration, cancellationToken).ConfigureAwait(false);
                    Interlocked.Increment(ref _reregistrations);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                _logger.LogWarning(e, "Heartbeat of {ServiceId} to Consul failed; trying again in {Interval} s", _registration.Id, _interval.TotalSeconds);
            }
        }
    }
}
