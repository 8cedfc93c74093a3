using Junction.Routing.Tag;

namespace Junction.Runtime.Tests.Routing.Tag;

/// <summary>Tag addresses as Dubbo's <c>NetUtils.matchIpExpression</c> reads them, and the ones we refuse.</summary>
public class AddressExpressionTests
{
    [Theory]
    // ip:port exact, ip alone any port.
    [InlineData("10.0.0.1:20880", "10.0.0.1", 20880, true)]
    [InlineData("10.0.0.1:20880", "10.0.0.1", 20881, false)]
    [InlineData("10.0.0.1:20880", "10.0.0.2", 20880, false)]
    [InlineData("10.0.0.1", "10.0.0.1", 1, true)]
    [InlineData("10.0.0.1", "10.0.0.1", 65535, true)]
    [InlineData(" 10.0.0.1 ", "10.0.0.1", 1, true)]
    [InlineData("010.0.0.1", "10.0.0.1", 1, true)]                  // octets compare as numbers
    // * in an octet, ranges in an octet.
    [InlineData("10.0.*.1", "10.0.77.1", 1, true)]
    [InlineData("10.0.*.1", "10.0.77.2", 1, false)]
    [InlineData("10.0.0.1-5", "10.0.0.1", 1, true)]
    [InlineData("10.0.0.1-5", "10.0.0.5", 1, true)]
    [InlineData("10.0.0.1-5", "10.0.0.6", 1, false)]
    [InlineData("10.0.0.1-5", "10.0.0.0", 1, false)]
    [InlineData("10.0-1.*.1-5:20880", "10.1.200.3", 20880, true)]
    [InlineData("10.0-1.*.1-5:20880", "10.1.200.3", 20881, false)]
    [InlineData("*.*.*.*:20880", "192.168.1.1", 20880, true)]
    [InlineData("*.*.*.*:20880", "fd00::1", 20880, false)]
    // Anything.
    [InlineData("*", "10.0.0.1", 1, true)]
    [InlineData("*", "fd00::1", 1, true)]
    [InlineData("*", "provider.local", 1, true)]
    [InlineData("*.*.*.*", "provider.local", 1, true)]
    // CIDR, any port.
    [InlineData("10.0.0.0/8", "10.200.3.4", 9, true)]
    [InlineData("10.0.0.0/8", "11.0.0.1", 9, false)]
    [InlineData("192.168.1.77/24", "192.168.1.200", 9, true)]
    [InlineData("192.168.1.0/24", "192.168.2.1", 9, false)]
    [InlineData("0.0.0.0/0", "1.2.3.4", 9, true)]
    [InlineData("10.0.0.1/32", "10.0.0.1", 9, true)]
    [InlineData("fd00::/64", "fd00::abcd", 9, true)]
    [InlineData("fd00::/64", "fd00:0:0:1::1", 9, false)]
    [InlineData("fd00::/63", "fd00:0:0:1::1", 9, true)]
    [InlineData("fd00::/64", "10.0.0.1", 9, false)]
    [InlineData("10.0.0.0/8", "fd00::1", 9, false)]
    // 0.0.0.0:port: any host on that port; 0.0.0.0 alone is just that address.
    [InlineData("0.0.0.0:20880", "10.1.2.3", 20880, true)]
    [InlineData("0.0.0.0:20880", "fd00::1", 20880, true)]
    [InlineData("0.0.0.0:20880", "provider.local", 20880, true)]
    [InlineData("0.0.0.0:20880", "10.1.2.3", 20881, false)]
    [InlineData("0.0.0.0", "10.1.2.3", 20880, false)]
    // IPv6 literals, bare or bracketed, with or without port.
    [InlineData("fd00::1", "fd00::1", 1, true)]
    [InlineData("fd00::1", "fd00:0:0:0:0:0:0:1", 1, true)]
    [InlineData("fd00::1", "[fd00::1]", 1, true)]
    [InlineData("fd00::1", "fd00::2", 1, false)]
    [InlineData("[fd00::1]", "fd00::1", 7, true)]
    [InlineData("[fd00::1]:20880", "fd00::1", 20880, true)]
    [InlineData("[fd00::1]:20880", "fd00::1", 20881, false)]
    [InlineData("::ffff:10.0.0.1", "10.0.0.1", 1, true)]            // IPv4-mapped: read as IPv4, as Java does
    [InlineData("10.0.0.1", "::ffff:10.0.0.1", 1, true)]
    // Providers registered under names are never named by an IP expression (no DNS).
    [InlineData("127.0.0.1", "localhost", 1, false)]
    [InlineData("10.0.0.*", "10.0.0", 1, false)]
    public void Matches_as_Dubbo_does(string expression, string host, int port, bool expected)
    {
        Assert.True(AddressExpression.TryParse(expression, out var parsed, out var error), error);

        Assert.Equal(expected, parsed.Matches(ProviderAddress.Parse(host, port)));
    }

    private const string Forms = "expected a.b.c.d with an optional :port, where an octet may be * or a range like 1-5; a CIDR block like 10.0.0.0/8; 0.0.0.0:port; * ; or an IPv6 address ([addr]:port for a port)";

    [Theory]
    [InlineData("", "an address is empty")]
    [InlineData("   ", "an address is empty")]
    [InlineData("10.0.0", $"address '10.0.0' is not an IP expression: {Forms}")]
    [InlineData("10.0.0.1.5", $"address '10.0.0.1.5' is not an IP expression: {Forms}")]
    [InlineData("10.0.0.256", $"address '10.0.0.256' is not an IP expression: {Forms}")]
    [InlineData("10.0.0.5-1", $"address '10.0.0.5-1' is not an IP expression: {Forms}")]
    [InlineData("10.0.0.1-", $"address '10.0.0.1-' is not an IP expression: {Forms}")]
    [InlineData("10.0.0.1-2-3", $"address '10.0.0.1-2-3' is not an IP expression: {Forms}")]
    [InlineData("10.0.0.1*", $"address '10.0.0.1*' is not an IP expression: {Forms}")]
    [InlineData("10.0.0.1:", $"address '10.0.0.1:' is not an IP expression: {Forms}")]
    [InlineData("10.0.0.1:0", $"address '10.0.0.1:0' is not an IP expression: {Forms}")]
    [InlineData("10.0.0.1:65536", $"address '10.0.0.1:65536' is not an IP expression: {Forms}")]
    [InlineData("10.0.0.1:*", $"address '10.0.0.1:*' is not an IP expression: {Forms}")]
    [InlineData("*:20880", "address '*:20880' is not valid: for any host on a port write 0.0.0.0:20880")]
    [InlineData("provider.local:20880", $"address 'provider.local:20880' is not an IP expression: {Forms}")]
    [InlineData("10.0.0.0/33", $"address '10.0.0.0/33' is not an IP expression: {Forms}")]
    [InlineData("10.0.0.0/8:20880", $"address '10.0.0.0/8:20880' is not an IP expression: {Forms}")]
    [InlineData("10.0.0.0/", $"address '10.0.0.0/' is not an IP expression: {Forms}")]
    [InlineData("fd00::/129", $"address 'fd00::/129' is not an IP expression: {Forms}")]
    [InlineData("[fd00::1", $"address '[fd00::1' is not an IP expression: {Forms}")]
    [InlineData("[fd00::1]20880", $"address '[fd00::1]20880' is not an IP expression: {Forms}")]
    [InlineData("[10.0.0.1]:1", $"address '[10.0.0.1]:1' is not an IP expression: {Forms}")]
    [InlineData("fd00::zz", $"address 'fd00::zz' is not an IP expression: {Forms}")]
    [InlineData("fd00:0:0:0:0:0:0:*", "address 'fd00:0:0:0:0:0:0:*' is not valid: IPv6 wildcards and ranges are not supported, use a CIDR prefix such as fd00::/64")]
    [InlineData("fd00::1-5", "address 'fd00::1-5' is not valid: IPv6 wildcards and ranges are not supported, use a CIDR prefix such as fd00::/64")]
    public void Refuses_what_is_not_an_IP_expression_and_says_what_is(string expression, string error)
    {
        Assert.False(AddressExpression.TryParse(expression, out _, out var actual));

        Assert.Equal(error, actual);
    }
}
