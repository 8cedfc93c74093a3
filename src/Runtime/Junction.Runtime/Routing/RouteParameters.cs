using System.Globalization;
using Junction.Registry;

namespace Junction.Routing;

/// <summary>
/// Reads a provider key the way Dubbo reads a provider URL (<c>URL.toOriginalMap</c> plus its special keys), so a rule
/// pasted from Dubbo selects the same providers.
/// </summary>
internal static class RouteParameters
{
    /// <summary>
    /// <c>protocol</c>, <c>host</c>, <c>port</c>, <c>address</c> (<c>host:port</c>) and <c>path</c> come from the
    /// address; every other key from the provider's metadata (<c>application</c>, <c>version</c>, <c>group</c>,
    /// <c>weight</c>, <c>dubbo.tag</c>, <c>region</c>, …); <c>interface</c>, <c>path</c>, <c>weight</c> and <c>side</c>
    /// have fallbacks when the metadata lacks them. Absent keys return false.
    /// </summary>
    public static bool TryGetProvider(ServiceInstance provider, string key, out string value)
    {
        switch (key)
        {
            case "protocol":
                value = provider.Protocol;
                return true;
            case "host":
                value = provider.Host;
                return true;
            case "port":
                // Dubbo leaves port out of the map when it is 0.
                value = provider.Port > 0 ? provider.Port.ToString(CultureInfo.InvariantCulture) : "";
                return provider.Port > 0;
            case "address":
                value = provider.Address;
                return true;
        }

        if (provider.Metadata.TryGetValue(key, out var found))
        {
            value = found;
            return true;
        }

        switch (key)
        {
            case "path":
            case "interface":
                value = provider.Metadata.TryGetValue(key == "path" ? "interface" : "path", out var other) ? other : InterfaceOf(provider.ServiceKey);
                return value.Length > 0;
            case "weight":
                value = provider.Weight.ToString(CultureInfo.InvariantCulture);
                return true;
            case "side":
                value = "provider";
                return true;
            default:
                value = "";
                return false;
        }
    }

    /// <summary>The interface of a service key <c>{group}/{interface}:{version}</c>.</summary>
    private static string InterfaceOf(string serviceKey)
    {
        var start = serviceKey.IndexOf('/', StringComparison.Ordinal) + 1;
        var end = serviceKey.IndexOf(':', start);
        return end < 0 ? serviceKey[start..] : serviceKey[start..end];
    }
}
