namespace Junction.Hosting;

/// <summary>
/// Settings of one method of a reference that differ from the reference's (Dubbo's <c>&lt;dubbo:method&gt;</c>).
/// Unset values fall back to the reference, then to the contract, then to the application's defaults.
/// </summary>
public sealed class MethodOptions
{
    /// <summary>The method's load balancer, or null for the reference's.</summary>
    public string? LoadBalance { get; set; }

    /// <summary>The method's fault-tolerance strategy, or null for the reference's.</summary>
    public string? Cluster { get; set; }

    /// <summary>The method's timeout in milliseconds, or null for the reference's (then the contract's).</summary>
    public int? TimeoutMs { get; set; }

    /// <summary>The method's retry count, or null for the reference's (then the contract's). Setting it allows retries of a method not marked idempotent.</summary>
    public int? Retries { get; set; }

    /// <summary>At most this many calls of the method in flight to each provider (Dubbo's <c>actives</c>); null: the reference's.</summary>
    public int? Actives { get; set; }
}
