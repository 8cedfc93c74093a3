using Microsoft.AspNetCore.Http;

namespace Junction.Consul.Tests.Double;

/// <summary>
/// ACLs as a default-deny agent with one management token (<see cref="ConsulDouble.RequireToken"/>). The token is read
/// like <c>parseTokenInternal</c>: <c>?token=</c>, then <c>X-Consul-Token</c>, then <c>Authorization: Bearer</c>. No token
/// is the anonymous token, which may do nothing; an unknown token is 403 <c>ACL not found</c>.
/// </summary>
internal sealed class AclGate
{
    /// <summary>The AccessorID Consul gives the built-in anonymous token.</summary>
    public const string AnonymousAccessorId = "00000000-0000-0000-0000-000000000002";

    private volatile string? _requiredToken;

    public bool Enabled => _requiredToken is not null;

    public void Require(string? token) => _requiredToken = token;

    /// <summary>Resolves the request's token: true when it may do anything, false for anonymous; throws for unknown tokens.</summary>
    public bool Resolve(HttpRequest request)
    {
        var required = _requiredToken;
        if (required is null)
        {
            return true;
        }

        var token = Token(request);
        if (string.IsNullOrEmpty(token))
        {
            return false;
        }

        return token == required ? true : throw new ConsulHttpError(403, "ACL not found");
    }

    /// <summary>Throws Consul's modern denial when the resolved token is anonymous.</summary>
    public static void Demand(bool allowed, string permission, string resource)
    {
        if (!allowed)
        {
            throw new ConsulHttpError(403, $"Permission denied: token with AccessorID '{AnonymousAccessorId}' lacks permission '{permission}' on \"{resource}\"");
        }
    }

    public static string? Token(HttpRequest request)
    {
        if (request.Query.TryGetValue("token", out var query) && !string.IsNullOrEmpty(query.ToString()))
        {
            return query.ToString();
        }

        if (request.Headers.TryGetValue("X-Consul-Token", out var header) && !string.IsNullOrEmpty(header.ToString()))
        {
            return header.ToString();
        }

        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            var rest = authorization["Bearer ".Length..].Trim();
            var space = rest.IndexOf(' ', StringComparison.Ordinal);
            return space < 0 ? rest : rest[..space];
        }

        return null;
    }
}
