namespace Junction.Hosting;

/// <summary>
/// Request signatures and access control (<c>o.Security</c>). A consumer with <see cref="AccessKey"/> and
/// <see cref="SecretKey"/> signs every call with HMAC-SHA256; a provider that authenticates checks the signature
/// against <see cref="Credentials"/>, refuses replays and stale timestamps, then applies <see cref="AllowList"/>.
/// </summary>
public sealed class SecurityOptions
{
    /// <summary>The consumer's access key, sent with each signed call. Null: calls are not signed.</summary>
    public string? AccessKey { get; set; }

    /// <summary>The consumer's secret, never sent; signs calls together with <see cref="AccessKey"/>.</summary>
    public string? SecretKey { get; set; }

    /// <summary>Whether this application's providers require signed calls (each service may override). Default false.</summary>
    public bool Authenticate { get; set; }

    /// <summary>The provider's known consumers: access key → secret.</summary>
    public IDictionary<string, string> Credentials { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>How far a signed call's timestamp may be from the provider's clock, and how long signatures are remembered against replay. Default 5 minutes.</summary>
    public TimeSpan ReplayWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Per access key, the services or methods it may call (<c>com.foo.BarService</c> or <c>com.foo.BarService/Find</c>,
    /// <c>*</c> for everything). An access key not listed may call everything; an empty list allows nothing.
    /// </summary>
    public IDictionary<string, IList<string>> AllowList { get; } = new Dictionary<string, IList<string>>(StringComparer.Ordinal);
}
