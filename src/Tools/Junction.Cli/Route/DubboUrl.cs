using System.Globalization;
using Junction.Contracts;
using Junction.Registry;
using Junction.Routing;

namespace Junction.Cli.Route;

/// <summary>
/// A Dubbo-style URL as registries list providers and consumers, e.g.
/// <c>dubbo://10.20.3.3:20880/com.foo.BarService?application=a&amp;weight=5</c> or
/// <c>consumer://1.1.1.1/com.foo.BarService?application=app</c>: protocol, host, port (0 when absent), path and
/// parameters.
/// </summary>
/// <remarks>
/// Read like Dubbo's <c>URL.valueOf</c> with these choices: an IPv6 host is written in brackets (<c>[::1]:20880</c>)
/// and kept without them (a zone is written <c>%25</c>, RFC 6874); the host, the path and the parameters are percent-decoded (<c>+</c> stays a plus: these are URLs, not
/// form posts); a repeated parameter keeps its last value, as Dubbo's map does; a parameter without <c>=</c> has an
/// empty value (Dubbo stores the key as its own value, which no rule author expects). User info (<c>user:pass@</c>) is
/// refused rather than silently dropped, since rules could not see it anyway.
/// </remarks>
internal sealed class DubboUrl
{
    private DubboUrl(string text, string protocol, string host, int port, string path, IReadOnlyDictionary<string, string> parameters)
    {
        Text = text;
        Protocol = protocol;
        Host = host;
        Port = port;
        Path = path;
        Parameters = parameters;
    }

    /// <summary>The URL as given.</summary>
    public string Text { get; }

    /// <summary>The scheme: <c>dubbo</c>, <c>tri</c>, <c>tcp</c>, <c>consumer</c>, …</summary>
    public string Protocol { get; }

    /// <summary>The host, without brackets for IPv6.</summary>
    public string Host { get; }

    /// <summary>The port; 0 when the URL has none.</summary>
    public int Port { get; }

    /// <summary>The decoded path without its leading slash (the interface name); empty when there is none.</summary>
    public string Path { get; }

    /// <summary>The decoded query parameters.</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; }

    /// <summary>Parses a URL.</summary>
    /// <exception cref="FormatException">The text is not a URL of this form; the message says why.</exception>
    public static DubboUrl Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var url = text.Trim();
        if (url.Length == 0)
        {
            throw new FormatException("it is empty");
        }

        var schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd <= 0)
        {
            throw new FormatException("it has no protocol; write it as protocol://host:port/interface?key=value");
        }

        var protocol = url[..schemeEnd];
        foreach (var c in protocol)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not '+' and not '-' and not '.')
            {
                throw new FormatException($"protocol '{protocol}' may hold only letters, digits, '+', '-' and '.'");
            }
        }

        var rest = url[(schemeEnd + 3)..];
        var queryStart = rest.IndexOf('?', StringComparison.Ordinal);
        var query = queryStart < 0 ? "" : rest[(queryStart + 1)..];
        if (queryStart >= 0)
        {
            rest = rest[..queryStart];
        }

        var pathStart = rest.IndexOf('/', StringComparison.Ordinal);
        var authority = pathStart < 0 ? rest : rest[..pathStart];
        var path = pathStart < 0 ? "" : UrlParameters.Decode(rest[(pathStart + 1)..], "the path");
        var (host, port) = ParseAuthority(authority);
        return new DubboUrl(text, protocol, host, port, path, UrlParameters.Parse(query));
    }

    /// <summary>
    /// The provider this URL describes: service key from the path (or the <c>interface</c> parameter) and the
    /// <c>group</c> and <c>version</c> parameters; metadata = every parameter, plus <c>interface</c> = path when absent.
    /// </summary>
    /// <exception cref="FormatException">The URL names no interface.</exception>
    public ServiceInstance ToServiceInstance()
    {
        var interfaceName = Path.Length > 0 ? Path : Parameters.GetValueOrDefault("interface", "");
        if (interfaceName.Length == 0)
        {
            throw new FormatException("it names no service; put the interface in the path, e.g. dubbo://10.0.0.1:20880/com.foo.BarService");
        }

        var metadata = new Dictionary<string, string>(Parameters, StringComparer.Ordinal);
        metadata.TryAdd("interface", interfaceName);
        var serviceKey = ServiceKey.Create(interfaceName, Parameters.GetValueOrDefault("group"), Parameters.GetValueOrDefault("version"));
        return new ServiceInstance(serviceKey, Protocol, Host, Port) { Metadata = metadata };
    }

    /// <summary>The consumer this URL describes: its <c>application</c> parameter (or empty), host and every parameter.</summary>
    public RouteConsumer ToConsumer() => new(Parameters.GetValueOrDefault("application", ""), Host, Parameters);

    /// <inheritdoc />
    public override string ToString() => Text;

    private static (string Host, int Port) ParseAuthority(string authority)
    {
        if (authority.Contains('@', StringComparison.Ordinal))
        {
            throw new FormatException("user info (user:password@) is not supported; routing rules cannot read it");
        }

        string host;
        var portText = "";
        if (authority.StartsWith('['))
        {
            var close = authority.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                throw new FormatException($"IPv6 host '{authority}' has no closing ']'");
            }

            host = UrlParameters.Decode(authority[1..close], "the host");
            var after = authority[(close + 1)..];
            if (after.Length > 0)
            {
                if (after[0] != ':')
                {
                    throw new FormatException($"expected ':port' after the IPv6 host [{host}], found '{after}'");
                }

                portText = after[1..];
            }
        }
        else
        {
            var colon = authority.LastIndexOf(':');
            if (colon >= 0 && authority.IndexOf(':', StringComparison.Ordinal) != colon)
            {
                throw new FormatException($"'{authority}' looks like an IPv6 address; write it in brackets, e.g. [::1]:20880");
            }

            host = colon < 0 ? authority : authority[..colon];
            portText = colon < 0 ? "" : authority[(colon + 1)..];
            if (colon >= 0 && portText.Length == 0)
            {
                throw new FormatException($"'{authority}' has a ':' but no port after it");
            }
        }

        if (host.Length == 0)
        {
            throw new FormatException("it has no host");
        }

        var port = 0;
        if (portText.Length > 0
            && (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port > 65535))
        {
            throw new FormatException($"port '{portText}' is not a number from 0 to 65535");
        }

        return (host, port);
    }
}
