using System.Globalization;

namespace Junction.Registry.Override;

/// <summary>
/// One entry of a rule's <c>configs</c>: which providers it is for, and the parameters it sets on them. Matching is
/// Dubbo's (<c>ConfigParser</c> turns an item into override URLs, <c>AbstractConfigurator</c> matches them):
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><c>addresses</c> (default <c>0.0.0.0</c>): one must name the item side's host (the consumer's host for
/// <c>side: consumer</c>, the provider's for <c>side: provider</c>) by its host part, or be <c>0.0.0.0</c>.</item>
/// <item><c>providerAddresses</c> (for <c>side: provider</c> without it, the <c>addresses</c>): one must be the provider's
/// <c>host:port</c>, its host, <c>0.0.0.0</c>, <c>0.0.0.0:*</c> or <c>0.0.0.0:{its port}</c>.</item>
/// <item>Application: the rule's key in application scope, else <c>applications</c> (any of them; <c>*</c> = any),
/// compared with the item side's application.</item>
/// <item>Service: the rule's key in service scope, else <c>services</c> (default <c>*</c>), compared with the
/// provider's service key <c>group/interface:version</c>.</item>
/// <item><c>match</c> (v3.0) and <c>enabled</c> (default true).</item>
/// </list>
/// Dubbo honours an item's <c>enabled</c> only when the item has a non-general <c>type</c>; here it always counts, as
/// anyone reading the rule would expect.
/// </remarks>
internal sealed class OverrideItem
{
    public const string AnyHost = "0.0.0.0";

    public required OverrideSide Side { get; init; }

    public bool Enabled { get; init; } = true;

    public string[] Addresses { get; init; } = [AnyHost];

    /// <summary>The provider addresses the item is limited to; empty for any.</summary>
    public string[] ProviderAddresses { get; init; } = [];

    /// <summary>The applications the item is for; null for any.</summary>
    public string[]? Applications { get; init; }

    /// <summary>The service keys the item is for; null for any.</summary>
    public string[]? Services { get; init; }

    public OverrideMatch? Match { get; init; }

    /// <summary>The parameters the item sets (checked: <c>weight</c> is a whole number ≥ 0, <c>disabled</c> true or false).</summary>
    public required IReadOnlyDictionary<string, string> Parameters { get; init; }

    public bool IsMatch(in OverrideTarget target)
    {
        var provider = target.Provider;
        var host = target.Host(Side);
        return Enabled
            && Array.Exists(Addresses, a => HostOf(a) is var named && (named == AnyHost || named == host))
            && (ProviderAddresses.Length == 0 || Array.Exists(ProviderAddresses, a => NamesProvider(a, provider)))
            && (Applications is null || AnyOrEqual(Applications, target.Application(Side)))
            && (Services is null || AnyOrEqual(Services, provider.ServiceKey))
            && (Match is null || Match.IsMatch(Side, target));
    }

    /// <summary>The host part of an address as written: <c>[v6]:port</c>, <c>v4:port</c>, or a bare host.</summary>
    internal static string HostOf(string address)
    {
        if (address.StartsWith('['))
        {
            var close = address.IndexOf(']');
            return close > 0 ? address[1..close] : address;
        }

        var colon = address.IndexOf(':');
        return colon > 0 && colon == address.LastIndexOf(':') ? address[..colon] : address;
    }

    private static bool NamesProvider(string address, ServiceInstance provider)
        => address == provider.Address
            || address == provider.Host
            || address == AnyHost
            || address == AnyHost + ":*"
            || address == AnyHost + ":" + provider.Port.ToString(CultureInfo.InvariantCulture);

    private static bool AnyOrEqual(string[] names, string? value)
    {
        foreach (var name in names)
        {
            if (name == "*" || name == value)
            {
                return true;
            }
        }

        return false;
    }
}
