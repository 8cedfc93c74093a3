using System.Security.Cryptography;
using System.Text;

namespace Junction.Consul.Registry;

/// <summary>
/// How a Junction service key becomes a Consul service. The Consul <c>Name</c> is the interface name made
/// DNS-compatible (lower case, runs of other characters to one <c>-</c>, at most 63 characters with a hash suffix when
/// cut), so <c>Demo.IGreeter</c> is <c>demo-igreeter</c> and resolves as <c>demo-igreeter.service.consul</c>. Versions
/// and groups of one interface share the name; they are told apart by the tags <c>version=…</c> and <c>group=…</c>
/// (always present, empty when unset), which discovery queries with <c>?tag=</c>, and by the meta entry <c>_key</c>
/// holding the exact service key, which discovery checks (two interfaces can sanitise to one name).
/// </summary>
internal static class ConsulServiceName
{
    private const int MaxDnsLabel = 63;

    public static (string Interface, string Group, string Version) Split(string serviceKey)
    {
        var slash = serviceKey.IndexOf('/');
        var group = slash < 0 ? "" : serviceKey[..slash];
        var rest = slash < 0 ? serviceKey : serviceKey[(slash + 1)..];
        var colon = rest.LastIndexOf(':');
        return colon < 0 ? (rest, group, "") : (rest[..colon], group, rest[(colon + 1)..]);
    }

    public static string ForInterface(string interfaceName) => Sanitize(interfaceName);

    /// <summary>The tags discovery filters by, also registered on every instance.</summary>
    public static string[] FilterTags(string serviceKey)
    {
        var (_, group, version) = Split(serviceKey);
        return ["version=" + version, "group=" + group];
    }

    /// <summary>
    /// The service ID: <c>{name}-{host}-{port}-{protocol}</c>, plus a hash of the service key when it has a group or a
    /// version, so one process exporting two versions of an interface on one port registers two instances.
    /// </summary>
    public static string InstanceId(string serviceKey, string host, int port, string protocol)
    {
        var (interfaceName, group, version) = Split(serviceKey);
        var id = Sanitize(interfaceName + "-" + host + "-" + port.ToString(System.Globalization.CultureInfo.InvariantCulture) + "-" + protocol, limit: int.MaxValue);
        return group.Length == 0 && version.Length == 0 ? id : id + "-" + Hash(serviceKey);
    }

    internal static string Sanitize(string text, int limit = MaxDnsLabel)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                builder.Append(char.ToLowerInvariant(c));
            }
            else if (builder.Length > 0 && builder[^1] != '-')
            {
                builder.Append('-');
            }
        }

        while (builder.Length > 0 && builder[^1] == '-')
        {
            builder.Length--;
        }

        if (builder.Length == 0)
        {
            return "s-" + Hash(text);
        }

        if (builder.Length > limit)
        {
            var hash = Hash(text);
            builder.Length = limit - hash.Length - 1;
            builder.Append('-').Append(hash);
        }

        return builder.ToString();
    }

    private static string Hash(string text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)).AsSpan(0, 4));
}
