using Junction.Invocation;

namespace Junction.Filters.Security;

/// <summary>
/// The provider's authentication and authorization (Dubbo's ProviderAuthFilter): who is calling
/// (<see cref="IAuthenticator"/>), whether they may call this method (<see cref="IAuthorizer"/>), then the
/// implementation without the <c>junction.auth.*</c> attachments.
/// </summary>
internal sealed class AuthFilter(IAuthenticator authenticator, IAuthorizer authorizer) : IFilter
{
    private readonly IAuthenticator _authenticator = authenticator;
    private readonly IAuthorizer _authorizer = authorizer;

    /// <summary>Who the filter asks first (tests reach the built-in one's replay cache through it).</summary>
    internal IAuthenticator Authenticator => _authenticator;

    /// <summary>
    /// The filter when the service requires authentication (its own <c>Authenticate</c>, else the application's); null
    /// otherwise. Throws at export when the settings cannot work, saying what to change.
    /// </summary>
    public static AuthFilter? Create(ProviderFilterContext context)
    {
        var security = context.Application.Security;
        if (!(context.Options.Authenticate ?? security.Authenticate))
        {
            return null;
        }

        security.Validate();
        if (security.Authenticator is null && security.Credentials.Count == 0)
        {
            throw new InvalidOperationException(
                $"{context.Service.ServiceKey} requires signed calls (Authenticate = true), but JunctionOptions.Security.Credentials is empty, so every call would be refused; " +
                "add each consumer's access key and secret to Credentials, or set Security.Authenticator to your own.");
        }

        return new AuthFilter(
            security.Authenticator ?? new HmacAuthenticator(security, context.Time),
            security.Authorizer ?? new AllowListAuthorizer(context.Service, security.AllowList));
    }

    public ValueTask<RpcResult> InvokeAsync(Invocation.Invocation invocation, InvokerDelegate next)
    {
        var authentication = _authenticator.AuthenticateAsync(invocation);
        return authentication.IsCompletedSuccessfully
            ? Authorize(authentication.Result, invocation, next)
            : AuthenticateLaterAsync(authentication, invocation, next);
    }

    private ValueTask<RpcResult> Authorize(AuthenticationResult authentication, Invocation.Invocation invocation, InvokerDelegate next)
    {
        if (authentication.Identity is not { } identity)
        {
            return Refuse(new RpcException(
                RpcStatusCode.Unauthenticated,
                $"The call of {invocation.Method.FullName} was refused: {authentication.FailureReason ?? "the provider's authenticator gave no reason."}"));
        }

        var allowed = _authorizer.IsAllowedAsync(identity, invocation);
        return allowed.IsCompletedSuccessfully
            ? Proceed(allowed.Result, identity, invocation, next)
            : AuthorizeLaterAsync(allowed, identity, invocation, next);
    }

    private ValueTask<RpcResult> Proceed(bool allowed, string identity, Invocation.Invocation invocation, InvokerDelegate next)
    {
        if (!allowed)
        {
            var hint = _authorizer is AllowListAuthorizer
                ? $"the provider's Security.AllowList[\"{identity}\"] lists neither {invocation.Service.InterfaceName} nor {invocation.Service.InterfaceName}/{invocation.Method.Name}; add one of them there"
                : "the provider's authorizer refused it";
            return Refuse(new RpcException(
                RpcStatusCode.PermissionDenied,
                $"'{identity}' may not call {invocation.Service.InterfaceName}/{invocation.Method.Name} ({invocation.Service.ServiceKey}): {hint}."));
        }

        StripAuthAttachments(invocation);
        return next(invocation);
    }

    private async ValueTask<RpcResult> AuthenticateLaterAsync(ValueTask<AuthenticationResult> authentication, Invocation.Invocation invocation, InvokerDelegate next)
    {
        try
        {
            return await Authorize(await authentication.ConfigureAwait(false), invocation, next).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            return RpcResult.FromException(e);
        }
    }

    private async ValueTask<RpcResult> AuthorizeLaterAsync(ValueTask<bool> allowed, string identity, Invocation.Invocation invocation, InvokerDelegate next)
    {
        try
        {
            return await Proceed(await allowed.ConfigureAwait(false), identity, invocation, next).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            return RpcResult.FromException(e);
        }
    }

    private static ValueTask<RpcResult> Refuse(RpcException error) => new(RpcResult.FromException(error));

    /// <summary>
    /// Removes every <c>junction.auth.*</c> attachment (the built-in four, and any a custom authenticator reads) so the
    /// implementation, and calls it makes onwards, never see credentials.
    /// </summary>
    private static void StripAuthAttachments(Invocation.Invocation invocation)
    {
        if (!invocation.HasAttachments)
        {
            return;
        }

        var attachments = invocation.Attachments;
        attachments.Remove(RequestSignature.KeyAttachment);
        attachments.Remove(RequestSignature.TimestampAttachment);
        attachments.Remove(RequestSignature.NonceAttachment);
        attachments.Remove(RequestSignature.SignatureAttachment);
        if (attachments.Count == 0)
        {
            return;
        }

        List<string>? others = null;
        foreach (var key in attachments.Keys)
        {
            if (key.StartsWith(RequestSignature.AttachmentPrefix, StringComparison.Ordinal))
            {
                (others ??= []).Add(key);
            }
        }

        if (others is not null)
        {
            foreach (var key in others)
            {
                attachments.Remove(key);
            }
        }
    }
}
