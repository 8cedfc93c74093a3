using Junction.Routing.Tag;

namespace Junction.Registry.Override;

/// <summary>
/// An item's <c>match</c> (Dubbo's <c>ConditionMatch</c>, configVersion v3.0): every part given must match.
/// <c>address</c> is compared with the item side's host, <c>providerAddress</c> with the provider's <c>host:port</c>,
/// <c>service</c> with the service key (<c>group/interface:version</c>), <c>app</c> with the item side's application,
/// and each <c>param</c> with a parameter (absent ⇒ no match, as Dubbo's <c>ParamMatch</c>).
/// </summary>
internal sealed class OverrideMatch
{
    public OverrideAddressMatch? Address { get; init; }

    public OverrideAddressMatch? ProviderAddress { get; init; }

    /// <summary><c>service.oneof</c>: any of them.</summary>
    public TagStringMatch[]? Service { get; init; }

    /// <summary><c>app.oneof</c>: any of them.</summary>
    public TagStringMatch[]? App { get; init; }

    public (string Key, TagStringMatch Value)[] Param { get; init; } = [];

    public bool IsMatch(OverrideSide side, in OverrideTarget target)
    {
        var provider = target.Provider;
        var host = target.Host(side);
        if (Address is not null && !Address.IsMatch(host, host, 0))
        {
            return false;
        }

        if (ProviderAddress is not null && !ProviderAddress.IsMatch(provider.Address, provider.Host, provider.Port))
        {
            return false;
        }

        if (Service is not null && !AnyOf(Service, provider.ServiceKey))
        {
            return false;
        }

        if (App is not null && !AnyOf(App, target.Application(side)))
        {
            return false;
        }

        foreach (var (key, value) in Param)
        {
            if (target.Parameter(side, key) is not { } input || !value.IsMatch(input))
            {
                return false;
            }
        }

        return true;
    }

    private static bool AnyOf(TagStringMatch[] matches, string? input)
    {
        foreach (var match in matches)
        {
            if (match.IsMatch(input))
            {
                return true;
            }
        }

        return false;
    }
}
