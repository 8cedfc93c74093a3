namespace Junction.Hosting;

/// <summary>How a provider exports one service (Dubbo's service config).</summary>
public class ServiceOptions
{
    /// <summary>The provider's load-balancing weight (default 100).</summary>
    public int Weight { get; set; } = Registry.ServiceInstance.DefaultWeight;

    /// <summary>Extra metadata registered with the provider (for example a routing tag).</summary>
    public IDictionary<string, string> Metadata { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>
    /// Token (Dubbo's <c>token</c>): <c>"true"</c> or <c>"default"</c> registers a random token with the provider, any
    /// other text is the token itself. Consumers found it in the registry and send it; calls without it (direct
    /// connections that bypass the registry) are refused with PermissionDenied. Null (default): no token.
    /// </summary>
    public string? Token { get; set; }

    /// <summary>At most this many calls of each method run at once (Dubbo's <c>executes</c>); more are refused at once with ResourceExhausted. 0 (default): no limit.</summary>
    public int Executes { get; set; }

    /// <summary>At most this many calls of the service per <see cref="TpsInterval"/> (Dubbo's <c>tps</c>); more are refused with ResourceExhausted. 0 (default): no limit.</summary>
    public int Tps { get; set; }

    /// <summary>The window of <see cref="Tps"/> (Dubbo's <c>tps.interval</c>, default 60 s).</summary>
    public TimeSpan TpsInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Access log (Dubbo's <c>accesslog</c>): <c>"true"</c> or <c>"default"</c> writes one structured line per call to
    /// the logger <c>Junction.AccessLog.{interface}</c>; any other text is a file path, written by a rolling file
    /// writer. Null (default): no access log.
    /// </summary>
    public string? AccessLog { get; set; }

    /// <summary>Whether calls must be signed (see <see cref="SecurityOptions"/>); null: the application's setting.</summary>
    public bool? Authenticate { get; set; }

    /// <summary>Per-method limits, keyed by the method's name in the contract or in C#.</summary>
    public IDictionary<string, ServiceMethodOptions> Methods { get; } = new Dictionary<string, ServiceMethodOptions>(StringComparer.Ordinal);

    /// <summary>Provider filters, run in order before the implementation.</summary>
    public IList<Filters.IFilter> Filters { get; } = new List<Filters.IFilter>();

    internal void Validate(string serviceKey)
    {
        if (Weight < 0)
        {
            throw new InvalidOperationException($"The export of {serviceKey} sets Weight = {Weight}; it must be 0 or more.");
        }

        if (Executes < 0 || Tps < 0)
        {
            throw new InvalidOperationException($"The export of {serviceKey} sets Executes = {Executes}, Tps = {Tps}; limits must be 0 (none) or more.");
        }

        if (TpsInterval <= TimeSpan.Zero)
        {
            throw new InvalidOperationException($"The export of {serviceKey} sets TpsInterval = {TpsInterval}; it must be positive.");
        }

        if (Token is { Length: 0 })
        {
            throw new InvalidOperationException($"The export of {serviceKey} sets an empty Token; use \"true\" for a random one, a value, or null for none.");
        }

        foreach (var (name, method) in Methods)
        {
            if (method is null)
            {
                throw new InvalidOperationException($"The export of {serviceKey} has no settings (null) for method {name}; remove the entry or give it a ServiceMethodOptions.");
            }

            if (method.Executes < 0 || method.Tps < 0)
            {
                throw new InvalidOperationException($"The export of {serviceKey} sets Executes = {method.Executes}, Tps = {method.Tps} for method {name}; limits must be 0 (none) or more.");
            }
        }
    }
}
