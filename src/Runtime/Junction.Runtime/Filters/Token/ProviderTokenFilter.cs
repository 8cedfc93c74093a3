using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using Junction.Contracts;
using Junction.Invocation;

namespace Junction.Filters.Token;

/// <summary>
/// Dubbo's TokenFilter, provider side: the export registers a token with its providers (<see cref="Hosting.ServiceOptions.Token"/>;
/// <c>"true"</c> or <c>"default"</c>, in any case, is a random one made once per export) and refuses, with
/// PermissionDenied, a call that does not carry it. Consumers that found the provider in the registry send it
/// (<see cref="ConsumerTokenFilter"/>); a direct connection does not know it. This keeps traffic on the registry; it
/// is not authentication, since anyone who can read the registry can read the token.
/// </summary>
/// <remarks>
/// The token is removed from the call before the implementation runs, so it never reaches <see cref="RpcContext.ServerAttachments"/>
/// nor a nested call (Dubbo strips it from the server context too). It is compared in constant time over its UTF-8
/// bytes; only its length can show through timing, and a random token's length is public (32 hex digits).
/// </remarks>
internal sealed class ProviderTokenFilter : IFilter
{
    /// <summary>The attachment and registry metadata key (Dubbo's <c>token</c>).</summary>
    public const string Key = "token";

    private const int StackLimit = 256;

    private readonly byte[] _expected;

    private ProviderTokenFilter(string token)
    {
        Token = token;
        _expected = Encoding.UTF8.GetBytes(token);
    }

    /// <summary>The token this export registers and accepts.</summary>
    public string Token { get; }

    /// <summary>The filter of an export, with its token resolved, or null when the export has no token.</summary>
    public static ProviderTokenFilter? Create(ProviderFilterContext context) => context.Options.Token switch
    {
        null => null,
        var random when random.Equals("true", StringComparison.OrdinalIgnoreCase) || random.Equals("default", StringComparison.OrdinalIgnoreCase)
            => new ProviderTokenFilter(Guid.NewGuid().ToString("N")),
        var token => new ProviderTokenFilter(token),
    };

    /// <summary>Adds the token of the export whose filters are <paramref name="filters"/>, if it has one, to its registry metadata.</summary>
    public static void Publish(IReadOnlyList<IFilter> filters, IDictionary<string, string> metadata)
    {
        foreach (var filter in filters)
        {
            if (filter is ProviderTokenFilter token)
            {
                metadata[Key] = token.Token;
                return;
            }
        }
    }

    public ValueTask<RpcResult> InvokeAsync(Invocation.Invocation invocation, InvokerDelegate next)
    {
        if (!invocation.TryGetAttachment(Key, out var presented))
        {
            return Refused(invocation, "carries no token");
        }

        invocation.Attachments.Remove(Key);
        return Matches(presented) ? next(invocation) : Refused(invocation, "carries a wrong token");
    }

    private bool Matches(string presented)
    {
        // UTF-8 never takes fewer bytes than UTF-16 code units, so a longer string cannot match.
        if (presented.Length > _expected.Length || Encoding.UTF8.GetByteCount(presented) != _expected.Length)
        {
            return false;
        }

        byte[]? rented = null;
        Span<byte> buffer = _expected.Length <= StackLimit
            ? stackalloc byte[StackLimit]
            : rented = ArrayPool<byte>.Shared.Rent(_expected.Length);
        try
        {
            var written = Encoding.UTF8.GetBytes(presented, buffer);
            return CryptographicOperations.FixedTimeEquals(buffer[..written], _expected);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static ValueTask<RpcResult> Refused(Invocation.Invocation invocation, string why)
    {
        var service = invocation.Service.ServiceKey;
        return new ValueTask<RpcResult>(RpcResult.FromException(new RpcException(
            RpcStatusCode.PermissionDenied,
            $"{invocation.Method.FullName} was refused: the call {why}. {service} is exported with a token (ServiceOptions.Token), so it only " +
            "accepts calls from consumers that found it through the registry; direct connections (ReferenceOptions.Url) are refused. " +
            $"Call {service} through the registry, or give a direct Url its token (?token=…).")));
    }
}
