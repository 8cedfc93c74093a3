using Junction.Consul.Blocking;
using Junction.Consul.Http;
using Junction.Registry;
using Microsoft.Extensions.Logging;

namespace Junction.Consul.Registry;

/// <summary>
/// The discovery loop of one service key, shared by its subscribers: blocking <c>health/service?passing</c> queries
/// filtered by the key's version and group tags; a snapshot goes to subscribers when the first answer arrives and then
/// only when the providers changed by value (index churn and idempotent writes wake blocking queries without changes).
/// Snapshots are delivered under a lock, so one never overtakes another and a new subscriber gets the latest at once.
/// </summary>
internal sealed class ServiceWatch
{
    private readonly Lock _gate = new();
    private readonly List<Action<IReadOnlyList<ServiceInstance>>> _listeners = [];
    private readonly string _serviceKey;
    private readonly ILogger _logger;
    private readonly Action<string, Exception> _failed;
    private readonly BlockingQueryLoop<List<HealthServiceEntry>> _loop;
    private IReadOnlyList<ServiceInstance>? _last;

    public ServiceWatch(string serviceKey, ConsulHttp http, ILogger logger, Action<string, Exception> failed)
    {
        _serviceKey = serviceKey;
        _logger = logger;
        _failed = failed;
        var path = HealthPath(serviceKey, http);
        _loop = new BlockingQueryLoop<List<HealthServiceEntry>>(
            http,
            query => query.Length == 0 ? path : path + "&" + query,
            ConsulJsonContext.Default.ListHealthServiceEntry,
            notFoundIsAbsent: false,
            OnResult,
            OnError);
    }

    public int Resets => _loop.Resets;

    /// <summary>The health query of a service key, without index/wait: passing instances with its version and group tags.</summary>
    public static string HealthPath(string serviceKey, ConsulHttp http)
    {
        var (interfaceName, _, _) = ConsulServiceName.Split(serviceKey);
        var path = "/v1/health/service/" + ConsulServiceName.ForInterface(interfaceName) + "?passing=1";
        foreach (var tag in ConsulServiceName.FilterTags(serviceKey))
        {
            path += "&tag=" + Uri.EscapeDataString(tag);
        }

        return http.WithDatacenter(path);
    }

    public void Start() => _loop.Start();

    public ValueTask StopAsync() => _loop.StopAsync();

    public void Add(Action<IReadOnlyList<ServiceInstance>> listener)
    {
        lock (_gate)
        {
            _listeners.Add(listener);
            if (_last is not null)
            {
                Deliver(listener, _last);
            }
        }
    }

    /// <summary>Removes a listener; true when none is left.</summary>
    public bool Remove(Action<IReadOnlyList<ServiceInstance>> listener)
    {
        lock (_gate)
        {
            _listeners.Remove(listener);
            return _listeners.Count == 0;
        }
    }

    private void OnResult(ConsulResponse<List<HealthServiceEntry>> response)
    {
        var snapshot = InstanceCodec.FromEntries(_serviceKey, response.Value);
        lock (_gate)
        {
            if (_last is not null && InstanceCodec.SameSnapshot(_last, snapshot))
            {
                return;
            }

            _last = snapshot;
            foreach (var listener in _listeners)
            {
                Deliver(listener, snapshot);
            }
        }
    }

    private void OnError(Exception error, int failures)
    {
        _logger.LogWarning(error, "Consul discovery of {Service} failed ({Failures} in a row); retrying with backoff", _serviceKey, failures);
        _failed(_serviceKey, error);
    }

    private void Deliver(Action<IReadOnlyList<ServiceInstance>> listener, IReadOnlyList<ServiceInstance> snapshot)
    {
        try
        {
            listener(snapshot);
        }
        catch (Exception e)
        {
            _logger.LogError(e, "A subscriber of {Service} threw while taking {Count} provider(s)", _serviceKey, snapshot.Count);
        }
    }
}
