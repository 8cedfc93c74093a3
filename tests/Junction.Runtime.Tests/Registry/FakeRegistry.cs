using Junction.Registry;

namespace Junction.Runtime.Tests.Registry;

/// <summary>
/// A registry on a "server" the test controls: it can be unreachable (subscriptions get no snapshot), hold its pushes
/// until the test releases them (a consumer that has not noticed yet), or push any snapshot.
/// </summary>
internal class FakeRegistry : IRegistry
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, List<ServiceInstance>> _instances = new(StringComparer.Ordinal);
    private readonly List<(string ServiceKey, Action<IReadOnlyList<ServiceInstance>> Listener)> _subscribers = [];
    private readonly Queue<Action> _queued = new();

    /// <summary>While true, subscriptions get no snapshot (the server cannot be reached).</summary>
    public bool Unreachable { get; set; }

    /// <summary>While true, pushes wait for <see cref="DeliverQueued"/>.</summary>
    public bool QueuePushes { get; set; }

    public TaskCompletionSource Unregistered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Subscribers
    {
        get
        {
            lock (_gate)
            {
                return _subscribers.Count;
            }
        }
    }

    public ValueTask RegisterAsync(ServiceInstance instance, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var list = List(instance.ServiceKey);
            list.RemoveAll(i => i.Id == instance.Id);
            list.Add(instance);
            Changed(instance.ServiceKey);
        }

        return default;
    }

    public ValueTask UnregisterAsync(ServiceInstance instance, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            List(instance.ServiceKey).RemoveAll(i => i.Id == instance.Id);
            Changed(instance.ServiceKey);
        }

        Unregistered.TrySetResult();
        return default;
    }

    public IDisposable Subscribe(string serviceKey, Action<IReadOnlyList<ServiceInstance>> listener)
    {
        var entry = (serviceKey, listener);
        lock (_gate)
        {
            _subscribers.Add(entry);
            if (!Unreachable)
            {
                listener([.. List(serviceKey)]);
            }
        }

        return new Unsubscriber(() =>
        {
            lock (_gate)
            {
                _subscribers.Remove(entry);
            }
        });
    }

    /// <summary>Pushes <paramref name="instances"/> to every subscriber of <paramref name="serviceKey"/> (queued or not).</summary>
    public void Push(string serviceKey, params ServiceInstance[] instances)
    {
        lock (_gate)
        {
            Send(serviceKey, instances);
        }
    }

    /// <summary>Delivers the pushes held while <see cref="QueuePushes"/> was on, in order.</summary>
    public void DeliverQueued()
    {
        lock (_gate)
        {
            while (_queued.TryDequeue(out var push))
            {
                push();
            }
        }
    }

    public IReadOnlyList<ServiceInstance> Current(string serviceKey)
    {
        lock (_gate)
        {
            return [.. List(serviceKey)];
        }
    }

    private List<ServiceInstance> List(string serviceKey)
    {
        if (!_instances.TryGetValue(serviceKey, out var list))
        {
            _instances[serviceKey] = list = [];
        }

        return list;
    }

    private void Changed(string serviceKey) => Send(serviceKey, [.. List(serviceKey)]);

    private void Send(string serviceKey, ServiceInstance[] snapshot)
    {
        foreach (var (key, listener) in _subscribers.ToArray())
        {
            if (key == serviceKey)
            {
                if (QueuePushes)
                {
                    _queued.Enqueue(() => listener(snapshot));
                }
                else
                {
                    listener(snapshot);
                }
            }
        }
    }

    private sealed class Unsubscriber(Action dispose) : IDisposable
    {
        public void Dispose() => dispose();
    }
}

/// <summary>A <see cref="FakeRegistry"/> that reports failed subscriptions and answers fresh queries as the test says.</summary>
internal sealed class FakeHealthRegistry : FakeRegistry, IRegistryHealth
{
    public event Action<string, Exception>? SubscriptionFailed;

    /// <summary>What <see cref="QueryAsync"/> does; default: the current providers.</summary>
    public Func<string, Task<IReadOnlyList<ServiceInstance>>>? Query { get; set; }

    public int Queries { get; private set; }

    public void Fail(string serviceKey, Exception error) => SubscriptionFailed?.Invoke(serviceKey, error);

    public async ValueTask<IReadOnlyList<ServiceInstance>> QueryAsync(string serviceKey, CancellationToken cancellationToken = default)
    {
        Queries++;
        return Query is null ? Current(serviceKey) : await Query(serviceKey);
    }
}
