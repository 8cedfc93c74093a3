namespace Junction.Registry;

/// <summary>
/// A registry inside one process, for tests and single-process applications. <see cref="Shared"/> is what
/// <c>AddJunction</c> uses when no other registry is configured.
/// </summary>
public sealed class InMemoryRegistry : IRegistry
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, List<ServiceInstance>> _instances = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Subscription>> _subscriptions = new(StringComparer.Ordinal);

    /// <summary>The process-wide registry used when none is configured.</summary>
    public static InMemoryRegistry Shared { get; } = new();

    /// <inheritdoc />
    public ValueTask RegisterAsync(ServiceInstance instance, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instance);
        lock (_gate)
        {
            if (!_instances.TryGetValue(instance.ServiceKey, out var list))
            {
                _instances[instance.ServiceKey] = list = [];
            }

            list.RemoveAll(i => i.Id == instance.Id);
            list.Add(instance);
            Notify(instance.ServiceKey, list);
        }

        return default;
    }

    /// <inheritdoc />
    public ValueTask UnregisterAsync(ServiceInstance instance, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instance);
        lock (_gate)
        {
            if (_instances.TryGetValue(instance.ServiceKey, out var list) && list.RemoveAll(i => i.Id == instance.Id) > 0)
            {
                Notify(instance.ServiceKey, list);
            }
        }

        return default;
    }

    /// <inheritdoc />
    public IDisposable Subscribe(string serviceKey, Action<IReadOnlyList<ServiceInstance>> listener)
    {
        ArgumentException.ThrowIfNullOrEmpty(serviceKey);
        ArgumentNullException.ThrowIfNull(listener);
        var subscription = new Subscription(this, serviceKey, listener);
        lock (_gate)
        {
            if (!_subscriptions.TryGetValue(serviceKey, out var subscribers))
            {
                _subscriptions[serviceKey] = subscribers = [];
            }

            subscribers.Add(subscription);

            // Pushed under the lock so a snapshot can never overtake a newer one.
            listener(_instances.TryGetValue(serviceKey, out var list) ? list.ToArray() : []);
        }

        return subscription;
    }

    /// <summary>The providers currently registered for a service key.</summary>
    public IReadOnlyList<ServiceInstance> GetInstances(string serviceKey)
    {
        lock (_gate)
        {
            return _instances.TryGetValue(serviceKey, out var list) ? list.ToArray() : [];
        }
    }

    private void Notify(string serviceKey, List<ServiceInstance> list)
    {
        if (!_subscriptions.TryGetValue(serviceKey, out var subscribers))
        {
            return;
        }

        var snapshot = list.ToArray();
        foreach (var subscriber in subscribers)
        {
            subscriber.Listener(snapshot);
        }
    }

    private sealed class Subscription(InMemoryRegistry registry, string serviceKey, Action<IReadOnlyList<ServiceInstance>> listener) : IDisposable
    {
        public Action<IReadOnlyList<ServiceInstance>> Listener { get; } = listener;

        public void Dispose()
        {
            lock (registry._gate)
            {
                if (registry._subscriptions.TryGetValue(serviceKey, out var subscribers))
                {
                    subscribers.Remove(this);
                }
            }
        }
    }
}
