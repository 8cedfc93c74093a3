using System.Net;
using System.Net.Sockets;
using Junction.Registry;

namespace Junction.Routing.Tag;

/// <summary>
/// A provider's host and port as address expressions read them: the host parsed once as an IPv4 address (a 32-bit
/// number) or an IPv6 address when it is one. Host names stay names: nothing is resolved through DNS.
/// </summary>
internal readonly record struct ProviderAddress(string Host, uint? V4, IPAddress? V6, int Port)
{
    public static ProviderAddress Of(ServiceInstance provider) => Parse(provider.Host, provider.Port);

    /// <summary>
    /// IPv4 in dotted-quad form (decimal octets, unlike <see cref="IPAddress.TryParse(string, out IPAddress)"/>, which
    /// reads <c>010</c> as octal and accepts <c>10.1</c>), or IPv6 with or without brackets. IPv4-mapped IPv6 addresses
    /// count as IPv4, as Java's <c>InetAddress</c> (and so Dubbo) reads them.
    /// </summary>
    public static ProviderAddress Parse(string host, int port)
    {
        var span = host.AsSpan();
        if (span.Length > 2 && span[0] == '[' && span[^1] == ']')
        {
            span = span[1..^1];
        }

        if (TryParseV4(span, out var v4))
        {
            return new ProviderAddress(host, v4, null, port);
        }

        if (span.Contains(':') && IPAddress.TryParse(span, out var v6) && v6.AddressFamily == AddressFamily.InterNetworkV6)
        {
            return v6.IsIPv4MappedToIPv6
                ? new ProviderAddress(host, ToUInt32(v6.MapToIPv4()), null, port)
                : new ProviderAddress(host, null, v6, port);
        }

        return new ProviderAddress(host, null, null, port);
    }

    /// <summary>Four decimal octets 0–255 separated by dots, as a big-endian number.</summary>
    public static bool TryParseV4(ReadOnlySpan<char> text, out uint address)
    {
        address = 0;
        var octets = 0;
        foreach (var range in text.Split('.'))
        {
            var octet = text[range];
            if (++octets > 4 || octet.Length is 0 or > 3 || !byte.TryParse(octet, System.Globalization.NumberStyles.None, null, out var value))
            {
                return false;
            }

            address = (address << 8) | value;
        }

        return octets == 4;
    }

    private static uint ToUInt32(IPAddress v4)
    {
        Span<byte> bytes = stackalloc byte[4];
        v4.TryWriteBytes(bytes, out _);
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(bytes);
    }
}
