namespace Junction.Registry;

/// <summary>
/// One provider of one service on one protocol, as the registry lists it (Dubbo's URL): address, protocol, weight,
/// start time, metadata and tags. Immutable; a change is a new instance.
/// </summary>
public sealed record ServiceInstance
{
    /// <summary>Dubbo's default provider weight.</summary>
    public const int DefaultWeight = 100;

    private static readonly IReadOnlyDictionary<string, string> NoMetadata = new Dictionary<string, string>(0);

    /// <summary>Creates an instance.</summary>
    public ServiceInstance(string serviceKey, string protocol, string host, int port)
    {
        ArgumentException.ThrowIfNullOrEmpty(serviceKey);
        ArgumentException.ThrowIfNullOrEmpty(protocol);
        ArgumentException.ThrowIfNullOrEmpty(host);
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        ServiceKey = serviceKey;
        Protocol = protocol;
        Host = host;
        Port = port;
    }

    /// <summary>The service key, <c>{group}/{interface}:{version}</c>.</summary>
    public string ServiceKey { get; }

    /// <summary>The protocol name (<c>tcp</c>, <c>grpc</c>, <c>inproc</c>).</summary>
    public string Protocol { get; }

    /// <summary>The host name or IP address.</summary>
    public string Host { get; }

    /// <summary>The port.</summary>
    public int Port { get; }

    /// <summary>The load-balancing weight (default 100); 0 takes the provider out of weighted selection.</summary>
    public int Weight { get; init; } = DefaultWeight;

    /// <summary>When the provider started (drives warm-up).</summary>
    public DateTimeOffset StartTime { get; init; } = DateTimeOffset.UtcNow;

    /// <summary>Provider metadata (application, tag, token, …).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = NoMetadata;

    /// <summary>Registry tags.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary><c>host:port</c>.</summary>
    public string Address => Host + ":" + Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A unique id: <c>{protocol}://{host}:{port}/{service key}</c>.</summary>
    public string Id => Protocol + "://" + Address + "/" + ServiceKey;

    /// <inheritdoc />
    public override string ToString() => Protocol + "://" + Address;
}
