using Junction.Invocation;
using Junction.Registry;

namespace Junction.Filters.Token;

/// <summary>
/// Dubbo's token, consumer side: each attempt on a provider that registered a token carries it as the <c>token</c>
/// attachment (see <see cref="ProviderTokenFilter"/>). A provider listed by a direct connection
/// (<see cref="Hosting.ReferenceOptions.Url"/>) has the token only if the Url carries it (<c>?token=…</c>, as in Dubbo);
/// without it the provider refuses the call.
/// </summary>
/// <remarks>
/// A retry on another provider overwrites the token; one on a provider without a token leaves the last one in place,
/// which that provider ignores (the token is public in the registry, as in Dubbo).
/// </remarks>
internal sealed class ConsumerTokenFilter : IFilter
{
    private readonly string _token;

    private ConsumerTokenFilter(string token) => _token = token;

    /// <summary>The filter of the attempts on <paramref name="provider"/>, or null when it registered no token.</summary>
    public static ConsumerTokenFilter? Create(ServiceInstance provider)
        => provider.Metadata.TryGetValue(ProviderTokenFilter.Key, out var token) && token.Length > 0 ? new ConsumerTokenFilter(token) : null;

    public ValueTask<RpcResult> InvokeAsync(Invocation.Invocation invocation, InvokerDelegate next)
    {
        invocation.Attachments[ProviderTokenFilter.Key] = _token;
        return next(invocation);
    }
}
