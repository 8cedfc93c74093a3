namespace Junction.Filters.Security;

/// <summary>What an <see cref="IAuthenticator"/> decided: the caller's identity, or why the call is refused.</summary>
public readonly struct AuthenticationResult
{
    private AuthenticationResult(string? identity, string? failureReason)
    {
        Identity = identity;
        FailureReason = failureReason;
    }

    /// <summary>Whether the caller was recognised.</summary>
    public bool Succeeded => Identity is not null;

    /// <summary>Who is calling (the access key, a principal name); what <see cref="IAuthorizer"/> decides on. Null on failure.</summary>
    public string? Identity { get; }

    /// <summary>Why the caller was not recognised, for the caller to act on. Null on success.</summary>
    public string? FailureReason { get; }

    /// <summary>The caller is <paramref name="identity"/>.</summary>
    public static AuthenticationResult Success(string identity)
    {
        ArgumentException.ThrowIfNullOrEmpty(identity);
        return new(identity, null);
    }

    /// <summary>The caller is refused; <paramref name="reason"/> is sent back with <see cref="RpcStatusCode.Unauthenticated"/>.</summary>
    public static AuthenticationResult Failure(string reason)
    {
        ArgumentException.ThrowIfNullOrEmpty(reason);
        return new(null, reason);
    }
}
