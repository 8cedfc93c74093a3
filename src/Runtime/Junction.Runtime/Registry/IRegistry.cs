namespace Junction.Registry;

/// <summary>
/// Where providers announce themselves and consumers find them. Subscribers receive full snapshots of a service key's
/// providers: once right away, then on every change.
/// </summary>
public interface IRegistry
{
    /// <summary>Announces a provider.</summary>
    ValueTask RegisterAsync(ServiceInstance instance, CancellationToken cancellationToken = default);

    /// <summary>Withdraws a provider.</summary>
    ValueTask UnregisterAsync(ServiceInstance instance, CancellationToken cancellationToken = default);

    /// <summary>
    /// Subscribes to a service key; <paramref name="listener"/> receives the current providers at once and every later
    /// snapshot. Dispose the result to stop.
    /// </summary>
    IDisposable Subscribe(string serviceKey, Action<IReadOnlyList<ServiceInstance>> listener);
}
