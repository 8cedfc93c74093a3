using Junction.Cli.Route;

namespace Junction.Cli.Tests;

/// <summary>How <c>junction route</c> reads the provider and consumer URLs users paste from a registry.</summary>
public sealed class DubboUrlTests
{
    [Fact]
    public void Reads_protocol_host_port_path_and_parameters()
    {
        var url = DubboUrl.Parse("dubbo://10.20.3.3:20880/com.foo.BarService?application=a&weight=5");

        Assert.Equal("dubbo", url.Protocol);
        Assert.Equal("10.20.3.3", url.Host);
        Assert.Equal(20880, url.Port);
        Assert.Equal("com.foo.BarService", url.Path);
        Assert.Equal(new Dictionary<string, string> { ["application"] = "a", ["weight"] = "5" }, url.Parameters);
        Assert.Equal("dubbo://10.20.3.3:20880/com.foo.BarService?application=a&weight=5", url.Text);
    }

    [Theory]
    [InlineData("consumer://1.1.1.1/com.foo.BarService?application=app", "1.1.1.1", 0)]
    [InlineData("tri://host.example:0/x", "host.example", 0)]
    [InlineData("tri://host.example:65535/x", "host.example", 65535)]
    [InlineData("dubbo://[::1]:20880/com.foo.BarService", "::1", 20880)]
    [InlineData("dubbo://[fe80::1%25eth0]/com.foo.BarService", "fe80::1%eth0", 0)]
    [InlineData("dubbo://10.0.0.1", "10.0.0.1", 0)]
    public void Reads_hosts_and_ports(string text, string host, int port)
    {
        var url = DubboUrl.Parse(text);

        Assert.Equal(host, url.Host);
        Assert.Equal(port, url.Port);
    }

    [Fact]
    public void A_url_without_path_or_query_has_neither()
    {
        var url = DubboUrl.Parse("consumer://1.1.1.1");

        Assert.Equal("", url.Path);
        Assert.Empty(url.Parameters);
    }

    [Fact]
    public void A_query_without_a_path_is_read()
    {
        var url = DubboUrl.Parse("consumer://1.1.1.1:7?application=web");

        Assert.Equal(7, url.Port);
        Assert.Equal("", url.Path);
        Assert.Equal("web", url.Parameters["application"]);
    }

    [Fact]
    public void Path_and_parameters_are_percent_decoded_and_plus_stays_a_plus()
    {
        var url = DubboUrl.Parse("dubbo://h:1/com.foo%2ESvc?rule%20key=a%3Db%26c&tag=gr%C3%BCn&v=1+2");

        Assert.Equal("com.foo.Svc", url.Path);
        Assert.Equal("a=b&c", url.Parameters["rule key"]);
        Assert.Equal("grün", url.Parameters["tag"]);
        Assert.Equal("1+2", url.Parameters["v"]);
    }

    [Fact]
    public void A_repeated_parameter_keeps_its_last_value_and_empty_values_stay_empty()
    {
        var url = DubboUrl.Parse("dubbo://h:1/S?region=a&region=b&env=&flag&&x=1=2");

        Assert.Equal("b", url.Parameters["region"]);
        Assert.Equal("", url.Parameters["env"]);
        Assert.Equal("", url.Parameters["flag"]);
        Assert.Equal("1=2", url.Parameters["x"]);
        Assert.Equal(4, url.Parameters.Count);
    }

    [Theory]
    [InlineData("", "it is empty")]
    [InlineData("10.0.0.1:20880/com.foo.BarService", "it has no protocol; write it as protocol://host:port/interface?key=value")]
    [InlineData("://10.0.0.1", "it has no protocol")]
    [InlineData("du bbo://10.0.0.1", "protocol 'du bbo' may hold only letters, digits, '+', '-' and '.'")]
    [InlineData("dubbo:///com.foo.BarService", "it has no host")]
    [InlineData("dubbo://:20880/com.foo.BarService", "it has no host")]
    [InlineData("dubbo://10.0.0.1:99999/S", "port '99999' is not a number from 0 to 65535")]
    [InlineData("dubbo://10.0.0.1:-1/S", "port '-1' is not a number from 0 to 65535")]
    [InlineData("dubbo://10.0.0.1:http/S", "port 'http' is not a number from 0 to 65535")]
    [InlineData("dubbo://10.0.0.1:/S", "'10.0.0.1:' has a ':' but no port after it")]
    [InlineData("dubbo://::1:20880/S", "'::1:20880' looks like an IPv6 address; write it in brackets, e.g. [::1]:20880")]
    [InlineData("dubbo://[::1:20880/S", "IPv6 host '[::1:20880' has no closing ']'")]
    [InlineData("dubbo://[::1]20880/S", "expected ':port' after the IPv6 host [::1], found '20880'")]
    [InlineData("dubbo://[]:1/S", "it has no host")]
    [InlineData("dubbo://u:p@10.0.0.1/S", "user info (user:password@) is not supported")]
    [InlineData("dubbo://10.0.0.1/S?=x", "parameter '=x' has no name")]
    [InlineData("dubbo://10.0.0.1/S?a=100%", "parameter 'a' has a '%' that is not followed by two hex digits ('100%')")]
    [InlineData("dubbo://10.0.0.1/S%zz", "the path has a '%' that is not followed by two hex digits")]
    public void Bad_urls_say_what_is_wrong(string text, string reason)
    {
        var exception = Assert.Throws<FormatException>(() => DubboUrl.Parse(text));

        Assert.StartsWith(reason, exception.Message);
    }

    [Fact]
    public void A_provider_url_becomes_the_service_instance_a_registry_would_list()
    {
        var instance = DubboUrl.Parse("dubbo://10.20.3.3:20880/com.foo.BarService?application=a&version=1.0&group=g&region=hz%20east").ToServiceInstance();

        Assert.Equal("g/com.foo.BarService:1.0", instance.ServiceKey);
        Assert.Equal("dubbo", instance.Protocol);
        Assert.Equal("10.20.3.3", instance.Host);
        Assert.Equal(20880, instance.Port);
        Assert.Equal(
            new Dictionary<string, string> { ["application"] = "a", ["version"] = "1.0", ["group"] = "g", ["region"] = "hz east", ["interface"] = "com.foo.BarService" },
            instance.Metadata);
    }

    [Fact]
    public void A_provider_keeps_its_own_interface_parameter_and_may_name_the_service_only_there()
    {
        Assert.Equal("other.Name", DubboUrl.Parse("dubbo://h:1/com.foo.Svc?interface=other.Name").ToServiceInstance().Metadata["interface"]);
        Assert.Equal("com.foo.Svc", DubboUrl.Parse("dubbo://h:1/com.foo.Svc?interface=other.Name").ToServiceInstance().ServiceKey);
        Assert.Equal("com.foo.Svc", DubboUrl.Parse("dubbo://h:1?interface=com.foo.Svc").ToServiceInstance().ServiceKey);
    }

    [Fact]
    public void A_provider_without_a_service_is_refused()
    {
        var exception = Assert.Throws<FormatException>(() => DubboUrl.Parse("dubbo://10.0.0.1:20880?application=a").ToServiceInstance());

        Assert.StartsWith("it names no service; put the interface in the path", exception.Message);
    }

    [Fact]
    public void A_consumer_url_becomes_the_route_consumer()
    {
        var consumer = DubboUrl.Parse("consumer://1.1.1.1/com.foo.BarService?application=app&region=hz").ToConsumer();

        Assert.Equal("app", consumer.Application);
        Assert.Equal("1.1.1.1", consumer.Host);
        Assert.True(consumer.TryGet("region", out var region));
        Assert.Equal("hz", region);
        Assert.Equal("", DubboUrl.Parse("consumer://[::1]").ToConsumer().Application);
        Assert.Equal("::1", DubboUrl.Parse("consumer://[::1]").ToConsumer().Host);
    }
}
