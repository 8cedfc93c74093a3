using Junction.Filters.Security;

namespace Junction.Hosting;

/// <summary>
/// Request signatures and access control (<c>o.Security</c>). A consumer with <see cref="AccessKey"/> and
/// <see cref="SecretKey"/> signs every call with HMAC-SHA256; a provider that authenticates checks the signature
/// against <see cref="Credentials"/>, refuses replays and stale timestamps, then applies <see cref="AllowList"/>.
/// <see cref="Authenticator"/> and <see cref="Authorizer"/> replace either step with your own.
/// </summary>
public sealed class SecurityOptions
{
    /// <summary>The default of <see cref="ReplayCacheCapacity"/>.</summary>
    public const int DefaultReplayCacheCapacity = 100_000;

    /// <summary>The consumer's access key, sent with each signed call. Null: calls are not signed.</summary>
    public string? AccessKey { get; set; }

    /// <summary>The consumer's secret, never sent; signs calls together with <see cref="AccessKey"/>.</summary>
    public string? SecretKey { get; set; }

    /// <summary>Whether this application's providers require signed calls (each service may override). Default false.</summary>
    public bool Authenticate { get; set; }

    /// <summary>
    /// The provider's known consumers: access key → secret. Read when a service is exported: later changes apply to
    /// services exported later (rotate keys with an <see cref="Authenticator"/> of your own).
    /// </summary>
    public IDictionary<string, string> Credentials { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>How far a signed call's timestamp may be from the provider's clock, and how long signatures are remembered against replay. Default 5 minutes.</summary>
    public TimeSpan ReplayWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How many signed calls each authenticating service remembers against replay (about 64 bytes each). Calls are
    /// forgotten when their timestamp leaves <see cref="ReplayWindow"/>; when more arrive within the window, the
    /// oldest are forgotten and calls signed no later than them are refused as too old to check, so a replay is never
    /// let through (a call is only affected when this many calls signed no earlier than it arrive before it does).
    /// Default 100 000.
    /// </summary>
    public int ReplayCacheCapacity { get; set; } = DefaultReplayCacheCapacity;

    /// <summary>
    /// Per access key, the services or methods it may call (<c>com.foo.BarService</c> or <c>com.foo.BarService/Find</c>,
    /// <c>*</c> for everything). An access key not listed may call everything; an empty list allows nothing.
    /// Read when a service is exported.
    /// </summary>
    public IDictionary<string, IList<string>> AllowList { get; } = new Dictionary<string, IList<string>>(StringComparer.Ordinal);

    /// <summary>
    /// Who is calling, on providers that authenticate. Null (default): the built-in HMAC-SHA256 signature check
    /// against <see cref="Credentials"/>, with replay protection.
    /// </summary>
    public IAuthenticator? Authenticator { get; set; }

    /// <summary>
    /// Whether an authenticated caller may call a method. Null (default): <see cref="AllowList"/>, keyed by the
    /// identity the authenticator returned (the access key for the built-in one).
    /// </summary>
    public IAuthorizer? Authorizer { get; set; }

    /// <summary>
    /// Checks every security setting and says what to change. <c>JunctionOptions.Validate</c> checks the consumer's
    /// pair of keys and the window at startup; this is the complete check, run when an authenticating service is exported.
    /// </summary>
    /// <summary>Copies every setting into <paramref name="to"/> (a client made without DI hands its settings to its runtime).</summary>
    internal void CopyTo(SecurityOptions to)
    {
        to.AccessKey = AccessKey;
        to.SecretKey = SecretKey;
        to.Authenticate = Authenticate;
        to.ReplayWindow = ReplayWindow;
        to.ReplayCacheCapacity = ReplayCacheCapacity;
        to.Authenticator = Authenticator;
        to.Authorizer = Authorizer;
        foreach (var (key, secret) in Credentials)
        {
            to.Credentials[key] = secret;
        }

        foreach (var (key, allowed) in AllowList)
        {
            to.AllowList[key] = allowed;
        }
    }

    internal void Validate()
    {
        if (ReplayWindow <= TimeSpan.Zero)
        {
            throw new InvalidOperationException($"JunctionOptions.Security.ReplayWindow is {ReplayWindow}; it must be positive.");
        }

        if (AccessKey is null != SecretKey is null)
        {
            throw new InvalidOperationException("JunctionOptions.Security sets only one of AccessKey and SecretKey; a consumer signs calls with both, so set both or neither.");
        }

        if (AccessKey is { Length: 0 } || SecretKey is { Length: 0 })
        {
            throw new InvalidOperationException("JunctionOptions.Security sets an empty AccessKey or SecretKey; set both to the values the provider lists in its Credentials, or both to null to not sign calls.");
        }

        if (ReplayCacheCapacity < 1)
        {
            throw new InvalidOperationException($"JunctionOptions.Security.ReplayCacheCapacity is {ReplayCacheCapacity}; it must be 1 or more (default {DefaultReplayCacheCapacity}).");
        }

        foreach (var (key, secret) in Credentials)
        {
            if (string.IsNullOrEmpty(key) || string.IsNullOrEmpty(secret))
            {
                throw new InvalidOperationException($"JunctionOptions.Security.Credentials has an entry with an empty access key or secret (key '{key}'); give every consumer a non-empty key and secret.");
            }
        }

        foreach (var (key, entries) in AllowList)
        {
            if (entries is null)
            {
                throw new InvalidOperationException($"JunctionOptions.Security.AllowList[\"{key}\"] is null; list what it may call, [] for nothing, or remove the key to allow everything.");
            }

            foreach (var entry in entries)
            {
                var slash = entry?.IndexOf('/', StringComparison.Ordinal) ?? -1;
                if (string.IsNullOrWhiteSpace(entry) || slash == 0 || slash == entry.Length - 1 || (slash > 0 && entry.IndexOf('/', slash + 1) >= 0))
                {
                    throw new InvalidOperationException($"JunctionOptions.Security.AllowList[\"{key}\"] has the entry '{entry}'; use an interface name (com.foo.BarService), interface/method (com.foo.BarService/Find) or *.");
                }
            }
        }
    }
}
