namespace Junction.Consul;

/// <summary>
/// Where the Consul agent is and how Junction talks to it. Bind from configuration with
/// <c>configuration.GetSection("Junction:Consul").Bind(options)</c> (durations as <c>hh:mm:ss</c>), or pass the section to
/// <c>UseConsul</c>.
/// </summary>
public sealed class ConsulOptions
{
    /// <summary>The local agent's HTTP address. Default <c>http://127.0.0.1:8500</c>.</summary>
    public Uri Address { get; set; } = new("http://127.0.0.1:8500");

    /// <summary>The ACL token, sent as <c>X-Consul-Token</c>; none by default (the agent's default token applies).</summary>
    public string? Token { get; set; }

    /// <summary>The datacenter to read from (<c>?dc=</c>); default the agent's own.</summary>
    public string? Datacenter { get; set; }

    /// <summary>The TTL of each provider's health check; heartbeats go every third of it. Default 15 s.</summary>
    public TimeSpan CheckTtl { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How long a provider may stay critical (missed heartbeats) before Consul removes it, so crashed processes do not
    /// linger. Default 1 minute, Consul's minimum (smaller values are raised by the agent, so they are refused here).
    /// </summary>
    public TimeSpan DeregisterCriticalServiceAfter { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long one blocking query may wait for a change (<c>?wait=</c>). Default 5 minutes, Consul's default; at most
    /// 10 minutes, Consul's cap. The HTTP timeout of a blocking query is <c>wait × 17/16 + </c><see cref="RequestTimeout"/>,
    /// because Consul adds up to wait/16 of jitter.
    /// </summary>
    public TimeSpan WaitTime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The timeout of a request that does not block (register, heartbeat, fresh query); default 10 s.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The first pause after a failed query; doubles (with jitter) on each further failure. Default 1 s.</summary>
    public TimeSpan ErrorBackoffMin { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest pause between failed queries. Default 1 minute.</summary>
    public TimeSpan ErrorBackoffMax { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How many blocking queries a watch may send back to back before <see cref="QueryRefillInterval"/> paces it (a token
    /// bucket, as Consul's blocking-query guide recommends). Default 2.
    /// </summary>
    public int QueryBurst { get; set; } = 2;

    /// <summary>
    /// How often a watch earns another query once its burst is spent: while results churn, a watch queries about this
    /// often. Default 15 s, the figure in Consul's blocking-query guide; lower it when providers must be seen sooner
    /// during rolling restarts.
    /// </summary>
    public TimeSpan QueryRefillInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Prepended to config keys to form the KV path of a rule. Default <c>junction/config/</c>.</summary>
    public string KeyPrefix { get; set; } = "junction/config/";

    /// <summary>Throws when a setting cannot work, saying what to change.</summary>
    public void Validate()
    {
        if (Address is null || !Address.IsAbsoluteUri || (Address.Scheme != Uri.UriSchemeHttp && Address.Scheme != Uri.UriSchemeHttps))
        {
            throw new InvalidOperationException($"ConsulOptions.Address is '{Address}'; set it to the agent's HTTP address, such as http://127.0.0.1:8500.");
        }

        if (Token is not null && (Token.Length == 0 || Token.AsSpan().IndexOfAny('\r', '\n') >= 0))
        {
            throw new InvalidOperationException("ConsulOptions.Token is empty or contains a line break; set it to the token's secret ID or leave it null.");
        }

        RequirePositive(CheckTtl, nameof(CheckTtl));
        if (CheckTtl < TimeSpan.FromSeconds(1))
        {
            throw new InvalidOperationException($"ConsulOptions.CheckTtl is {CheckTtl}; it must be at least 1 s, since heartbeats go every third of it.");
        }

        if (DeregisterCriticalServiceAfter < TimeSpan.FromMinutes(1))
        {
            throw new InvalidOperationException($"ConsulOptions.DeregisterCriticalServiceAfter is {DeregisterCriticalServiceAfter}; Consul raises anything under 1 minute to 1 minute, so set it to 00:01:00 or more.");
        }

        RequirePositive(WaitTime, nameof(WaitTime));
        if (WaitTime > TimeSpan.FromMinutes(10))
        {
            throw new InvalidOperationException($"ConsulOptions.WaitTime is {WaitTime}; Consul caps a blocking query at 10 minutes, so set it to 00:10:00 or less.");
        }

        RequirePositive(RequestTimeout, nameof(RequestTimeout));
        RequirePositive(ErrorBackoffMin, nameof(ErrorBackoffMin));
        if (ErrorBackoffMax < ErrorBackoffMin)
        {
            throw new InvalidOperationException($"ConsulOptions.ErrorBackoffMax ({ErrorBackoffMax}) is below ErrorBackoffMin ({ErrorBackoffMin}); raise it.");
        }

        if (QueryBurst < 1)
        {
            throw new InvalidOperationException($"ConsulOptions.QueryBurst is {QueryBurst}; it must be 1 or more.");
        }

        RequirePositive(QueryRefillInterval, nameof(QueryRefillInterval));
        if (KeyPrefix is null || KeyPrefix.StartsWith('/'))
        {
            throw new InvalidOperationException($"ConsulOptions.KeyPrefix is '{KeyPrefix}'; KV keys must not start with '/' (use e.g. junction/config/), and it must not be null (use \"\" for none).");
        }
    }

    /// <summary>A validated copy, so later changes to the caller's object do not reach a running registry.</summary>
    internal static ConsulOptions ValidatedCopy(ConsulOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var copy = (ConsulOptions)options.MemberwiseClone();
        copy.Validate();
        return copy;
    }

    private static void RequirePositive(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero)
        {
            throw new InvalidOperationException($"ConsulOptions.{name} is {value}; it must be positive.");
        }
    }
}
