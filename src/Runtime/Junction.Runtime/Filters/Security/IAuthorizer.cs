namespace Junction.Filters.Security;

/// <summary>
/// Decides whether an authenticated caller may call a method: the built-in one applies
/// <see cref="Hosting.SecurityOptions.AllowList"/>; plug your own (roles from a JWT, a policy service) through
/// <see cref="Hosting.SecurityOptions.Authorizer"/>.
/// </summary>
/// <remarks>
/// Called once per call after <see cref="IAuthenticator"/> succeeded, on the provider's call path: complete
/// synchronously when you can. False ends the call with <see cref="RpcStatusCode.PermissionDenied"/> naming the
/// identity, the service and the method.
/// </remarks>
public interface IAuthorizer
{
    /// <summary>Whether <paramref name="identity"/> may make <paramref name="invocation"/> (its service and method).</summary>
    ValueTask<bool> IsAllowedAsync(string identity, Invocation.Invocation invocation);
}
