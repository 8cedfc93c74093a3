namespace Junction.LoadBalancing;

/// <summary>
/// The load balancers a reference can name in its <c>LoadBalance</c> option (Dubbo's <c>loadbalance</c>): the built-in
/// ones and any registered with <see cref="Register"/>. Names are case-insensitive.
/// </summary>
/// <remarks>
/// Built in: <c>random</c> (the default), <c>roundrobin</c>, <c>leastactive</c>, <c>consistenthash</c>,
/// <c>shortestresponse</c> and <c>p2c</c> (also under Dubbo's name <c>adaptive</c>). Every one but
/// <c>consistenthash</c> honours provider weights, ramped up over each provider's warm-up (metadata <c>warmup</c>,
/// milliseconds, default 10 minutes).
/// </remarks>
public static class LoadBalancers
{
    private static readonly Lock Gate = new();

    // Copy-on-write: readers take the current snapshot without locking; Register replaces both under Gate.
    private static Dictionary<string, Func<ILoadBalancer>> s_factories = new(StringComparer.Ordinal)
    {
        [RandomLoadBalance.Name] = static () => new RandomLoadBalance(),
        [RoundRobinLoadBalance.Name] = static () => new RoundRobinLoadBalance(),
        [LeastActiveLoadBalance.Name] = static () => new LeastActiveLoadBalance(),
        [ConsistentHashLoadBalance.Name] = static () => new ConsistentHashLoadBalance(),
        [ShortestResponseLoadBalance.Name] = static () => new ShortestResponseLoadBalance(),
        [P2CLoadBalance.Name] = static () => new P2CLoadBalance(),
        [P2CLoadBalance.DubboName] = static () => new P2CLoadBalance(),
    };

    private static string[] s_names =
    [
        RandomLoadBalance.Name, RoundRobinLoadBalance.Name, LeastActiveLoadBalance.Name, ConsistentHashLoadBalance.Name,
        ShortestResponseLoadBalance.Name, P2CLoadBalance.Name, P2CLoadBalance.DubboName,
    ];

    /// <summary>Every name <see cref="Create"/> accepts, in lower case: the built-in ones first, then registered ones in order.</summary>
    internal static string[] Names => Volatile.Read(ref s_names);

    /// <summary>
    /// Makes <paramref name="name"/> a load balancer references can use. <paramref name="factory"/> is called once per
    /// reference that names it, so the balancer may keep per-reference state; it must return a new balancer each time
    /// (or one that is safe to share between references).
    /// </summary>
    /// <param name="name">Letters, digits, <c>-</c>, <c>_</c> and <c>.</c>; case-insensitive; not a name already taken.</param>
    /// <param name="factory">Creates the balancer.</param>
    /// <exception cref="ArgumentException">The name is empty, has other characters, or is taken.</exception>
    public static void Register(string name, Func<ILoadBalancer> factory)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(factory);
        var key = name.ToLowerInvariant();
        if (!IsValidName(key))
        {
            throw new ArgumentException($"'{name}' cannot name a load balancer: use letters, digits, '-', '_' or '.' (for example 'zone-aware'). Names taken: {string.Join(", ", Names)}.", nameof(name));
        }

        lock (Gate)
        {
            if (s_factories.ContainsKey(key))
            {
                throw new ArgumentException($"A load balancer named '{key}' already exists (built in or registered before); choose another name. Names taken: {string.Join(", ", Names)}.", nameof(name));
            }

            var factories = new Dictionary<string, Func<ILoadBalancer>>(s_factories, StringComparer.Ordinal) { [key] = factory };
            Volatile.Write(ref s_factories, factories);
            Volatile.Write(ref s_names, [.. s_names, key]);
        }
    }

    /// <summary>Creates a new balancer of the given name (built in or registered); names are case-insensitive.</summary>
    /// <exception cref="ArgumentException">No balancer has that name; the message lists the names there are.</exception>
    public static ILoadBalancer Create(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!Volatile.Read(ref s_factories).TryGetValue(name.ToLowerInvariant(), out var factory))
        {
            throw new ArgumentException($"Unknown load balancer '{name}'; use one of: {string.Join(", ", Names)}.", nameof(name));
        }

        return factory() ?? throw new InvalidOperationException($"The factory registered for load balancer '{name}' returned null; it must return a balancer.");
    }

    private static bool IsValidName(string name)
    {
        if (name.Length == 0)
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            {
                return false;
            }
        }

        return true;
    }
}
