using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Junction.Consul.Tests.Double;

/// <summary>
/// A faithful stand-in for a one-node Consul agent's HTTP API (reference/CONSUL-API.md §11), served by Kestrel on
/// 127.0.0.1 and a port the OS picks. Point a client at <see cref="Url"/>; drive TTLs with <see cref="Advance"/>; break
/// it on purpose with the hooks (<see cref="ForceIndexRegression"/>, <see cref="FailNextHeartbeat"/>,
/// <see cref="LoseRegistrations"/>, <see cref="Slow"/>, <see cref="Dead"/>, <see cref="HoldRequests"/>).
/// </summary>
public sealed class ConsulDouble : IAsyncDisposable
{
    private readonly ConsulDoubleOptions _options;
    private readonly ConsulStore _store;
    private readonly AclGate _acl = new();
    private readonly HeartbeatFaults _faults = new();
    private readonly RequestFaults _requestFaults = new();
    private readonly RequestHolds _holds = new();
    private readonly Route[] _routes;
    private readonly List<RecordedRequest> _requests = [];
    private readonly object _availabilityGate = new();
    private TaskCompletionSource _alive = NewSignal();
    private DeadMode? _dead;
    private TimeSpan _delay;
    private TaskCompletionSource _fullSpeed = NewSignal();
    private bool _disposed;
    private WebApplication? _app;

    private ConsulDouble(ConsulDoubleOptions options)
    {
        _options = options;
        _store = new ConsulStore(options.Clock ?? new ManualClock());
        _alive.SetResult();
        lock (_store.Gate)
        {
            _store.AddSerfHealth();
        }

        var agent = new AgentEndpoints(_store, _acl, _faults);
        var health = new HealthEndpoints(_store, _acl, options, Guid.NewGuid().ToString());
        var kv = new KvEndpoints(_store, _acl, options);
        var agentReads = new AgentReadEndpoints(_store, _acl, options);
        var catalog = new CatalogEndpoints(_store, _acl, options);
        _routes =
        [
            new("/v1/agent/service/register", false, ["PUT"], agent.RegisterAsync),
            new("/v1/agent/service/deregister/", true, ["PUT"], agent.DeregisterAsync),
            new("/v1/agent/service/maintenance/", true, ["PUT"], agent.MaintenanceAsync),
            new("/v1/agent/check/pass/", true, ["PUT"], (c, id) => agent.TtlAsync(c, id, HealthStatus.Passing)),
            new("/v1/agent/check/warn/", true, ["PUT"], (c, id) => agent.TtlAsync(c, id, HealthStatus.Warning)),
            new("/v1/agent/check/fail/", true, ["PUT"], (c, id) => agent.TtlAsync(c, id, HealthStatus.Critical)),
            new("/v1/agent/check/update/", true, ["PUT"], agent.UpdateAsync),
            new("/v1/agent/check/register", false, ["PUT"], agent.RegisterCheckAsync),
            new("/v1/agent/check/deregister/", true, ["PUT"], agent.DeregisterCheckAsync),
            new("/v1/agent/services", false, ["GET"], agentReads.ServicesAsync),
            new("/v1/agent/checks", false, ["GET"], agentReads.ChecksAsync),
            new("/v1/catalog/services", false, ["GET"], catalog.ServicesAsync),
            new("/v1/health/service/", true, ["GET"], health.ServiceAsync),
            new("/v1/kv/", true, ["GET", "PUT", "DELETE"], kv.HandleAsync),
        ];
    }

    /// <summary>The agent's base address, e.g. <c>http://127.0.0.1:54321/</c>.</summary>
    public Uri Url { get; private set; } = null!;

    /// <summary>The clock TTLs run on.</summary>
    public TimeProvider Clock => _store.Clock;

    /// <summary>The current raft index (what the next index-capable read reports).</summary>
    public ulong Index
    {
        get
        {
            lock (_store.Gate)
            {
                return _store.Index;
            }
        }
    }

    /// <summary>How many blocking queries are parked waiting for the index to move (await this before a write a watch must see).</summary>
    public int BlockedQueries
    {
        get
        {
            lock (_store.Gate)
            {
                return _store.Blocked;
            }
        }
    }

    /// <summary>How many requests wait on a <see cref="HoldRequests"/> hold now (await this instead of sleeping).</summary>
    public int HeldRequests => _holds.Parked;

    /// <summary>The registered services with their checks, ordered by ID.</summary>
    public IReadOnlyList<ServiceSnapshot> Services
    {
        get
        {
            lock (_store.Gate)
            {
                return _store.Services.Values
                    .OrderBy(s => s.ID, StringComparer.Ordinal)
                    .Select(s => new ServiceSnapshot(
                        s.ID, s.Name, s.Tags.ToArray(), s.Address, s.Port, new Dictionary<string, string>(s.Meta),
                        _store.ChecksOf(s.ID).OrderBy(c => c.CheckID, StringComparer.Ordinal)
                            .Select(c => new CheckSnapshot(c.CheckID, c.Name, c.Status, c.Output, c.Type, c.Ttl, c.DeregisterCriticalServiceAfter))
                            .ToArray()))
                    .ToArray();
            }
        }
    }

    /// <summary>Every request the double received, in order (also those it then held or dropped).</summary>
    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_requests)
            {
                return _requests.ToArray();
            }
        }
    }

    /// <summary>Starts a double on 127.0.0.1 and a free port.</summary>
    public static async Task<ConsulDouble> StartAsync(ConsulDoubleOptions? options = null, CancellationToken cancellationToken = default)
    {
        var consul = new ConsulDouble(options ?? new ConsulDoubleOptions());
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.Run(consul.HandleAsync);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        consul.Url = new Uri(address.TrimEnd('/') + "/");
        consul._app = app;
        return consul;
    }

    /// <summary>Moves the double's own <see cref="ManualClock"/> and then applies TTL expiry and the critical-service reaper.</summary>
    public void Advance(TimeSpan by)
    {
        var clock = _store.Clock as ManualClock
            ?? throw new InvalidOperationException("The double runs on a clock you passed in: move that clock, then call RunExpiry().");
        clock.Advance(by);
        RunExpiry();
    }

    /// <summary>Applies TTL expiry (⇒ critical, output <c>TTL expired</c>) and DeregisterCriticalServiceAfter (⇒ service removed) at the clock's now.</summary>
    public void RunExpiry()
    {
        lock (_store.Gate)
        {
            _store.RunExpiry();
        }
    }

    /// <summary>
    /// A snapshot restore: the raft index drops to <paramref name="index"/> (0 allowed, though a real server never
    /// reports 0), blocked queries return at once with it, and later writes count up from it.
    /// </summary>
    public void ForceIndexRegression(ulong index = 1)
    {
        lock (_store.Gate)
        {
            if (index >= _store.Index)
            {
                throw new ArgumentOutOfRangeException(nameof(index), index, $"A regression needs an index below the current {_store.Index}.");
            }

            _store.RestoreIndex(index);
        }
    }

    /// <summary>
    /// The next <paramref name="times"/> TTL updates (pass/warn/fail/update) answer 404 <c>Unknown check ID …</c>
    /// (modern agent) or 500 <c>CheckID … does not have associated TTL</c> (older agent) without changing anything.
    /// </summary>
    public void FailNextHeartbeat(int statusCode, int times = 1) => _faults.Add(statusCode, times);

    /// <summary>
    /// The next <paramref name="times"/> requests whose path starts with <paramref name="pathPrefix"/> are answered
    /// with <paramref name="statusCode"/> and the plain-text <paramref name="body"/> and not handled, e.g.
    /// <c>FailNext(429, "rate limit exceeded, try a different server", 2, "/v1/health/")</c> or
    /// <c>FailNext(500, "No cluster leader")</c>.
    /// </summary>
    public void FailNext(int statusCode, string body, int times = 1, string pathPrefix = "/v1/") =>
        _requestFaults.Add(statusCode, body, times, pathPrefix);

    /// <summary>
    /// A raft write that changes nothing a query can see (index churn, hashicorp/consul#1244): the index moves and
    /// blocked queries return the same rows with a higher index.
    /// </summary>
    public void BumpIndex()
    {
        lock (_store.Gate)
        {
            _store.Commit();
        }
    }

    /// <summary>An agent restart without persisted state: every service and its checks are gone (node checks stay).</summary>
    public void LoseRegistrations()
    {
        lock (_store.Gate)
        {
            foreach (var id in _store.Services.Keys.ToList())
            {
                _store.RemoveService(id);
            }

            _store.Commit();
        }
    }

    /// <summary>
    /// Every request waits this long (real time) before it is handled, so a client's timeouts fire;
    /// <see cref="TimeSpan.Zero"/> or <see cref="Alive"/> ends it, also for requests already waiting.
    /// </summary>
    public void Slow(TimeSpan delay)
    {
        lock (_availabilityGate)
        {
            _delay = delay;
            if (delay == TimeSpan.Zero)
            {
                _fullSpeed.TrySetResult();
            }
            else if (_fullSpeed.Task.IsCompleted)
            {
                _fullSpeed = NewSignal();
            }
        }
    }

    /// <summary>
    /// The agent stops answering: <see cref="DeadMode.Hang"/> holds every request (also blocked queries when they
    /// would answer) until <see cref="Alive"/>; <see cref="DeadMode.Reset"/> drops their connections.
    /// </summary>
    public void Dead(DeadMode mode = DeadMode.Hang)
    {
        lock (_availabilityGate)
        {
            _dead = mode;
            if (_alive.Task.IsCompleted)
            {
                _alive = NewSignal();
            }
        }

        lock (_store.Gate)
        {
            _store.Abort();
        }
    }

    /// <summary>Answers again (held requests continue) at full speed.</summary>
    public void Alive()
    {
        lock (_availabilityGate)
        {
            _dead = null;
            _delay = TimeSpan.Zero;
            _alive.TrySetResult();
            _fullSpeed.TrySetResult();
        }
    }

    /// <summary>
    /// Requests whose path starts with <paramref name="pathPrefix"/> (e.g. <c>/v1/kv/</c>) wait, once past
    /// <see cref="Dead"/>, until the returned handle is disposed, and are then handled as usual (unless the agent died
    /// meanwhile); others go through. Unlike <see cref="Slow"/> or <see cref="Dead"/>, this holds back one kind of answer
    /// while the rest arrive, so a test can decide which of a client's answers comes first. <see cref="HeldRequests"/>
    /// counts the waiting requests; a client that gives up stops counting; disposing the double lets them go (dropped)
    /// and refuses new holds.
    /// </summary>
    public IDisposable HoldRequests(string pathPrefix) => _holds.Add(pathPrefix);

    /// <summary>Sets any check's status (also non-TTL checks, which the double never runs, and <c>serfHealth</c>).</summary>
    public void SetCheckStatus(string checkId, string status, string? output = null)
    {
        if (!HealthStatus.IsValid(status))
        {
            throw new ArgumentOutOfRangeException(nameof(status), status, "Use passing, warning or critical.");
        }

        lock (_store.Gate)
        {
            var check = _store.Checks.GetValueOrDefault(checkId) ?? throw new KeyNotFoundException($"No check \"{checkId}\" on the double.");
            if (check.Update(status, output ?? check.Output, _store.Now))
            {
                check.ModifyIndex = _store.Commit();
            }
        }
    }

    /// <summary>Turns ACLs on (default deny) with <paramref name="token"/> as the only token that may do anything; null turns them off.</summary>
    public void RequireToken(string? token) => _acl.Require(token);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        lock (_availabilityGate)
        {
            _disposed = true;
            _alive.TrySetResult();
            _fullSpeed.TrySetResult();
        }

        // Held requests go on to the availability check, which drops them now: Kestrel's stop would otherwise wait
        // for them until its shutdown timeout.
        _holds.Close();
        lock (_store.Gate)
        {
            _store.Abort();
        }

        // Once: a test may dispose the double itself and again through its owner.
        if (Interlocked.Exchange(ref _app, null) is { } app)
        {
            await app.StopAsync().ConfigureAwait(false);
            await app.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        lock (_requests)
        {
            _requests.Add(new RecordedRequest(request.Method, request.Path.Value + request.QueryString.Value, AclGate.Token(request)));
        }

        BufferedResponse? buffered = null;
        try
        {
            TimeSpan delay;
            Task fullSpeed;
            lock (_availabilityGate)
            {
                delay = _delay;
                fullSpeed = _fullSpeed.Task;
            }

            if (delay > TimeSpan.Zero)
            {
                // Alive() (or Slow(Zero)) ends the delay of requests already waiting, so a test never waits it out.
                await Task.WhenAny(Task.Delay(delay, context.RequestAborted), fullSpeed).ConfigureAwait(false);
                context.RequestAborted.ThrowIfCancellationRequested();
            }

            if (!await PassAvailabilityAsync(context).ConfigureAwait(false))
            {
                return;
            }

            var path = request.Path.Value ?? string.Empty;

            // Once released, a held request checks again: the agent may have died, or the double been disposed, meanwhile.
            if (await _holds.WaitAsync(path, context.RequestAborted).ConfigureAwait(false)
                && !await PassAvailabilityAsync(context).ConfigureAwait(false))
            {
                return;
            }

            _requestFaults.ThrowIfQueued(path);
            var route = Array.Find(_routes, r => r.Prefix ? path.StartsWith(r.Path, StringComparison.Ordinal) : path == r.Path);
            if (route is null)
            {
                throw path.StartsWith("/v1/", StringComparison.Ordinal)
                    ? ConsulHttpError.NotFound("Invalid URL path: not a recognized HTTP API endpoint")
                    : ConsulHttpError.NotFound("404 page not found");
            }

            if (!route.Methods.Contains(request.Method))
            {
                throw new ConsulHttpError(405, $"method {request.Method} not allowed", string.Join(",", route.Methods));
            }

            buffered = new BufferedResponse(context);
            await route.Handler(context, route.Prefix ? path[route.Path.Length..] : string.Empty).ConfigureAwait(false);

            // A query that blocked while the agent died must not answer either.
            if (await PassAvailabilityAsync(context).ConfigureAwait(false))
            {
                await buffered.FlushAsync().ConfigureAwait(false);
            }
        }
        catch (ConsulHttpError error)
        {
            buffered?.Discard();
            if (!context.Response.HasStarted)
            {
                context.Response.Clear();
                if (error.Allow is not null)
                {
                    context.Response.Headers.Allow = error.Allow;
                }

                await ConsulResponses.TextAsync(context, error.Status, error.Body).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; nothing to answer.
        }
    }

    /// <summary>Waits while the agent is dead in <see cref="DeadMode.Hang"/>; false when the connection was dropped instead.</summary>
    private async Task<bool> PassAvailabilityAsync(HttpContext context)
    {
        while (true)
        {
            Task alive;
            lock (_availabilityGate)
            {
                if (_disposed)
                {
                    context.Abort();
                    return false;
                }

                if (_dead is null)
                {
                    return true;
                }

                if (_dead == DeadMode.Reset)
                {
                    context.Abort();
                    return false;
                }

                alive = _alive.Task;
            }

            await alive.WaitAsync(context.RequestAborted).ConfigureAwait(false);
        }
    }

    private sealed record Route(string Path, bool Prefix, string[] Methods, Func<HttpContext, string, Task> Handler);
}
