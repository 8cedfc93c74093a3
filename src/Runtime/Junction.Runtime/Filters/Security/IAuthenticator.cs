namespace Junction.Filters.Security;

/// <summary>
/// Decides who is calling a provider that authenticates (<see cref="Hosting.SecurityOptions.Authenticate"/>), from the
/// call's attachments: the built-in one checks the HMAC-SHA256 request signature; plug your own (a JWT, mTLS
/// identity forwarded by a proxy) through <see cref="Hosting.SecurityOptions.Authenticator"/>.
/// </summary>
/// <remarks>
/// Called once per call, before the implementation and before <see cref="IAuthorizer"/>, on the provider's call path:
/// complete synchronously when you can. After it succeeds every <c>junction.auth.*</c> attachment is removed, so put
/// your credentials there if the implementation must not see them. A failure ends the call with
/// <see cref="RpcStatusCode.Unauthenticated"/> and the reason you give; the reason goes back to the caller, so say what
/// to fix and never echo a secret or the value you expected.
/// </remarks>
public interface IAuthenticator
{
    /// <summary>Checks the caller of <paramref name="invocation"/>; its cancellation is the call's.</summary>
    ValueTask<AuthenticationResult> AuthenticateAsync(Invocation.Invocation invocation);
}
