namespace Junction.Registry;

/// <summary>
/// Optional for an <see cref="IRegistry"/> whose data lives on a server (Consul, ZooKeeper): says when a subscription
/// cannot reach it, and answers a fresh query, so that Junction can serve a consumer from its local cache while the
/// server is away and check an empty push before it empties a working provider list (Dubbo's empty protection).
/// </summary>
public interface IRegistryHealth
{
    /// <summary>
    /// Raised with the service key and the error when a subscription fails to get data from the server (before its
    /// first snapshot or later); raised again on each failed attempt, from the subscription's own thread.
    /// </summary>
    event Action<string, Exception>? SubscriptionFailed;

    /// <summary>
    /// How long an empty answer may be wrong while live providers register again, e.g. after the server (or a Consul
    /// agent) restarted without its registrations: Junction keeps the current providers this long after an empty push,
    /// then asks <see cref="QueryAsync"/> to confirm it; a non-empty push in between ends the wait. Default zero: confirm
    /// at once.
    /// </summary>
    TimeSpan EmptyConfirmationDelay => TimeSpan.Zero;

    /// <summary>Asks the server now, bypassing anything cached, for the providers of <paramref name="serviceKey"/>.</summary>
    /// <exception cref="Exception">The server could not be reached or answered with an error.</exception>
    ValueTask<IReadOnlyList<ServiceInstance>> QueryAsync(string serviceKey, CancellationToken cancellationToken = default);
}
