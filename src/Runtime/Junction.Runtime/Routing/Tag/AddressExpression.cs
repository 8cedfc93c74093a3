using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Junction.Routing.Tag;

/// <summary>
/// One entry of a tag's <c>addresses</c>, read as Dubbo's <c>NetUtils.matchIpExpression</c> (plus the tag router's own
/// <c>0.0.0.0:port</c>) reads it: <c>*</c>; an IPv4 pattern <c>a.b.c.d</c> whose octets may be <c>*</c> or a range
/// <c>1-5</c>, with an optional <c>:port</c> (without one any port matches); a CIDR block <c>10.0.0.0/8</c> or
/// <c>fd00::/64</c> (any port); <c>0.0.0.0:port</c> (any host on that port); an IPv6 address, bare or as
/// <c>[addr]</c> / <c>[addr]:port</c>.
/// </summary>
/// <remarks>
/// Differences from Dubbo, chosen on purpose: an expression Dubbo would only log as invalid on every call is rejected
/// when the rule is parsed; host names are neither accepted in expressions nor resolved through DNS (Dubbo resolves
/// both sides), so a provider registered under a name is tagged by <c>match</c> or its static tag instead; octets and
/// ports compare as numbers (<c>010</c> equals <c>10</c>; Dubbo compares their text); IPv6 <c>*</c> and ranges are not
/// supported (use a CIDR prefix).
/// </remarks>
internal sealed class AddressExpression
{
    private const string Forms = "expected a.b.c.d with an optional :port, where an octet may be * or a range like 1-5; a CIDR block like 10.0.0.0/8; 0.0.0.0:port; * ; or an IPv6 address ([addr]:port for a port)";

    private readonly Kind _kind;
    private readonly uint _low;
    private readonly uint _high;
    private readonly IPAddress? _v6;
    private readonly int _prefixLength;
    private readonly int _port;

    private AddressExpression(string text, Kind kind, int port, uint low = 0, uint high = 0, IPAddress? v6 = null, int prefixLength = 0)
    {
        Text = text;
        _kind = kind;
        _port = port;
        _low = low;
        _high = high;
        _v6 = v6;
        _prefixLength = prefixLength;
    }

    private enum Kind
    {
        Any,
        AnyHostOnPort,
        V4Pattern,
        V4Cidr,
        V6Cidr,
        V6Address,
    }

    /// <summary>The expression as written in the rule.</summary>
    public string Text { get; }

    /// <summary>Reads an expression; <paramref name="error"/> says what is wrong when it is not one.</summary>
    public static bool TryParse(string text, out AddressExpression expression, out string error)
    {
        var trimmed = text.Trim();
        expression = null!;
        error = "";
        if (trimmed.Length == 0)
        {
            error = "an address is empty";
            return false;
        }

        if (trimmed is "*" or "*.*.*.*")
        {
            expression = new AddressExpression(text, Kind.Any, 0);
            return true;
        }

        var parsed = trimmed.Contains('/') ? ParseCidr(text, trimmed)
            : trimmed[0] == '[' ? ParseBracketedV6(text, trimmed)
            : trimmed.AsSpan().Count(':') >= 2 ? ParseV6(text, trimmed, port: 0)
            : ParseV4(text, trimmed);
        if (parsed is null)
        {
            error = trimmed.StartsWith("*:", StringComparison.Ordinal)
                ? $"address '{text}' is not valid: for any host on a port write 0.0.0.0{trimmed[1..]}"
                : trimmed.AsSpan().IndexOfAny('*', '-') >= 0 && trimmed.AsSpan().Count(':') >= 2
                ? $"address '{text}' is not valid: IPv6 wildcards and ranges are not supported, use a CIDR prefix such as fd00::/64"
                : $"address '{text}' is not an IP expression: {Forms}";
            return false;
        }

        expression = parsed;
        return true;
    }

    /// <summary>Whether the provider at <paramref name="address"/> is one this expression names.</summary>
    public bool Matches(in ProviderAddress address)
    {
        switch (_kind)
        {
            case Kind.Any:
                return true;
            case Kind.AnyHostOnPort:
                return address.Port == _port;
            case Kind.V4Pattern:
                return address.V4 is { } v4 && PortMatches(address.Port) && OctetsInRange(v4);
            case Kind.V4Cidr:
                return address.V4 is { } ip && (ip & _high) == _low;
            case Kind.V6Cidr:
                return address.V6 is { } v6 && PrefixMatches(v6);
            default:
                return address.V6 is { } literal && PortMatches(address.Port) && literal.Equals(_v6);
        }
    }

    /// <inheritdoc />
    public override string ToString() => Text;

    private bool PortMatches(int port) => _port == 0 || port == _port;

    private bool OctetsInRange(uint address)
    {
        for (var shift = 0; shift < 32; shift += 8)
        {
            var octet = (address >> shift) & 0xFF;
            if (octet < ((_low >> shift) & 0xFF) || octet > ((_high >> shift) & 0xFF))
            {
                return false;
            }
        }

        return true;
    }

    private bool PrefixMatches(IPAddress address)
    {
        Span<byte> actual = stackalloc byte[16];
        Span<byte> network = stackalloc byte[16];
        address.TryWriteBytes(actual, out _);
        _v6!.TryWriteBytes(network, out _);
        var full = _prefixLength / 8;
        if (!actual[..full].SequenceEqual(network[..full]))
        {
            return false;
        }

        var rest = _prefixLength % 8;
        var mask = (byte)(0xFF << (8 - rest));
        return rest == 0 || (actual[full] & mask) == (network[full] & mask);
    }

    private static AddressExpression? ParseCidr(string text, string trimmed)
    {
        var slash = trimmed.IndexOf('/');
        var address = trimmed.AsSpan(0, slash);
        if (!int.TryParse(trimmed.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var bits))
        {
            return null;
        }

        if (ProviderAddress.TryParseV4(address, out var v4))
        {
            if (bits > 32)
            {
                return null;
            }

            var mask = bits == 0 ? 0u : uint.MaxValue << (32 - bits);
            return new AddressExpression(text, Kind.V4Cidr, 0, low: v4 & mask, high: mask);
        }

        return bits <= 128 && IPAddress.TryParse(address, out var v6) && v6.AddressFamily == AddressFamily.InterNetworkV6
            ? new AddressExpression(text, Kind.V6Cidr, 0, v6: v6, prefixLength: bits)
            : null;
    }

    private static AddressExpression? ParseBracketedV6(string text, string trimmed)
    {
        var close = trimmed.IndexOf(']');
        if (close < 0)
        {
            return null;
        }

        var port = 0;
        var after = trimmed.AsSpan(close + 1);
        if (after.Length > 0 && (after[0] != ':' || !TryParsePort(after[1..], out port)))
        {
            return null;
        }

        return ParseV6(text, trimmed[1..close], port);
    }

    private static AddressExpression? ParseV6(string text, string address, int port)
        => IPAddress.TryParse(address, out var v6) && v6.AddressFamily == AddressFamily.InterNetworkV6
            ? v6.IsIPv4MappedToIPv6
                ? ParseV4(text, v6.MapToIPv4() + (port > 0 ? ":" + port.ToString(CultureInfo.InvariantCulture) : ""))
                : new AddressExpression(text, Kind.V6Address, port, v6: v6)
            : null;

    private static AddressExpression? ParseV4(string text, string trimmed)
    {
        var colon = trimmed.IndexOf(':');
        var port = 0;
        if (colon >= 0 && !TryParsePort(trimmed.AsSpan(colon + 1), out port))
        {
            return null;
        }

        var host = colon >= 0 ? trimmed.AsSpan(0, colon) : trimmed.AsSpan();
        if (port > 0 && host.SequenceEqual("0.0.0.0"))
        {
            return new AddressExpression(text, Kind.AnyHostOnPort, port);
        }

        uint low = 0, high = 0;
        var octets = 0;
        foreach (var range in host.Split('.'))
        {
            if (++octets > 4 || !TryParseOctet(host[range], out var from, out var to))
            {
                return null;
            }

            low = (low << 8) | from;
            high = (high << 8) | to;
        }

        return octets == 4 ? new AddressExpression(text, Kind.V4Pattern, port, low, high) : null;
    }

    private static bool TryParseOctet(ReadOnlySpan<char> octet, out uint from, out uint to)
    {
        from = 0;
        to = 255;
        if (octet is "*")
        {
            return true;
        }

        var dash = octet.IndexOf('-');
        if (dash < 0)
        {
            return TryParseByte(octet, out from) && TryParseByte(octet, out to);
        }

        return TryParseByte(octet[..dash], out from) && TryParseByte(octet[(dash + 1)..], out to) && from <= to;
    }

    private static bool TryParseByte(ReadOnlySpan<char> text, out uint value)
    {
        if (text.Length is > 0 and <= 3 && byte.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var octet))
        {
            value = octet;
            return true;
        }

        value = 0;
        return false;
    }

    private static bool TryParsePort(ReadOnlySpan<char> text, out int port)
        => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port is > 0 and <= 65535;
}
