using Junction.Registry;
using Junction.Registry.Override;
using Junction.Routing;

namespace Junction.Runtime.Tests.Override;

/// <summary>
/// Which providers an item applies to, as Dubbo's configurators match them: the consumer (host 192.168.1.7,
/// application shop, env=gray) looking at provider 10.0.0.1:20880 of application orders in region east.
/// </summary>
public class OverrideMatchingTests
{
    private const string Service = "mall/com.foo.Orders:1.0";

    private static readonly RouteConsumer Consumer = new("shop", "192.168.1.7", new Dictionary<string, string> { ["env"] = "gray" });

    private static readonly ServiceInstance Provider = new(Service, "tcp", "10.0.0.1", 20880)
    {
        Metadata = new Dictionary<string, string> { ["application"] = "orders", ["region"] = "east" },
    };

    [Theory]
    // addresses: the consumer's host for side: consumer (host part only), the provider's for side: provider.
    [InlineData("side: consumer", true)]
    [InlineData("side: consumer\n    addresses: [\"0.0.0.0\"]", true)]
    [InlineData("side: consumer\n    addresses: [\"192.168.1.7\"]", true)]
    [InlineData("side: consumer\n    addresses: [\"192.168.1.7:20880\"]", true)]
    [InlineData("side: consumer\n    addresses: [\"192.168.1.8\", \"192.168.1.9\"]", false)]
    [InlineData("side: consumer\n    addresses: [\"10.0.0.1\"]", false)]
    [InlineData("side: provider", true)]
    [InlineData("side: provider\n    addresses: [\"10.0.0.1\"]", true)]
    [InlineData("side: provider\n    addresses: [\"10.0.0.1:20880\"]", true)]
    [InlineData("side: provider\n    addresses: [\"10.0.0.1:20881\"]", false)]
    [InlineData("side: provider\n    addresses: [\"10.0.0.2\"]", false)]
    [InlineData("side: provider\n    addresses: [\"0.0.0.0:20880\"]", true)]
    [InlineData("side: provider\n    addresses: [\"0.0.0.0:20881\"]", false)]
    [InlineData("side: provider\n    addresses: [\"192.168.1.7\"]", false)]
    // providerAddresses: host:port, host, 0.0.0.0, 0.0.0.0:*, 0.0.0.0:port.
    [InlineData("side: consumer\n    providerAddresses: [\"10.0.0.1:20880\"]", true)]
    [InlineData("side: consumer\n    providerAddresses: [\"10.0.0.2:20880\", \"10.0.0.1:20880\"]", true)]
    [InlineData("side: consumer\n    providerAddresses: [\"10.0.0.1:20881\"]", false)]
    [InlineData("side: consumer\n    providerAddresses: [\"10.0.0.1\"]", true)]
    [InlineData("side: consumer\n    providerAddresses: [\"0.0.0.0:*\"]", true)]
    [InlineData("side: consumer\n    providerAddresses: [\"0.0.0.0:20880\"]", true)]
    [InlineData("side: consumer\n    providerAddresses: [\"0.0.0.0:20881\"]", false)]
    [InlineData("side: provider\n    addresses: [\"0.0.0.0\"]\n    providerAddresses: [\"10.0.0.1:20880\"]", true)]
    [InlineData("side: provider\n    addresses: [\"0.0.0.0\"]\n    providerAddresses: [\"10.0.0.3:20880\"]", false)]
    // applications: the consumer's for side: consumer, the provider's for side: provider; * = any.
    [InlineData("side: consumer\n    applications: [shop]", true)]
    [InlineData("side: consumer\n    applications: [admin, shop]", true)]
    [InlineData("side: consumer\n    applications: [admin]", false)]
    [InlineData("side: consumer\n    applications: [\"*\"]", true)]
    [InlineData("side: consumer\n    applications: [orders]", false)]
    [InlineData("side: provider\n    applications: [orders]", true)]
    [InlineData("side: provider\n    applications: [shop]", false)]
    // enabled.
    [InlineData("side: consumer\n    enabled: false", false)]
    [InlineData("side: consumer\n    enabled: true", true)]
    public void Addresses_provider_addresses_applications_side_and_enabled(string item, bool applies)
        => Assert.Equal(applies, Applies(item));

    [Theory]
    // param: a consumer-side item reads the consumer's parameters first, then the provider's; absent never matches.
    [InlineData("side: consumer", "param: [{key: env, value: {exact: gray}}]", true)]
    [InlineData("side: consumer", "param: [{key: env, value: {exact: blue}}]", false)]
    [InlineData("side: consumer", "param: [{key: env, value: {exact: Gray}}]", false)]
    [InlineData("side: consumer", "param: [{key: env, value: {prefix: gr}}]", true)]
    [InlineData("side: consumer", "param: [{key: env, value: {prefix: ray}}]", false)]
    [InlineData("side: consumer", "param: [{key: env, value: {regex: \"g.a+y\"}}]", true)]
    [InlineData("side: consumer", "param: [{key: env, value: {regex: gr}}]", false)]
    [InlineData("side: consumer", "param: [{key: region, value: {exact: east}}]", true)]
    [InlineData("side: consumer", "param: [{key: zone, value: {exact: a}}]", false)]
    [InlineData("side: consumer", "param: [{key: zone, value: {empty: x}}]", false)]
    [InlineData("side: consumer", "param: [{key: env, value: {exact: gray}}, {key: region, value: {exact: west}}]", false)]
    [InlineData("side: provider", "param: [{key: env, value: {exact: gray}}]", false)]
    [InlineData("side: provider", "param: [{key: region, value: {regex: \"e.*\"}}]", true)]
    [InlineData("side: provider", "param: [{key: application, value: {exact: orders}}]", true)]
    [InlineData("side: consumer", "param: [{key: application, value: {exact: shop}}]", true)]
    // address: the item side's host; cird, wildcard (Dubbo's glob), exact.
    [InlineData("side: consumer", "address: {cird: 192.168.0.0/16}", true)]
    [InlineData("side: consumer", "address: {cird: 10.0.0.0/8}", false)]
    [InlineData("side: provider", "address: {cird: 10.0.0.0/8}", true)]
    [InlineData("side: consumer", "address: {cird: 192.168.1.7}", true)]
    [InlineData("side: consumer", "address: {wildcard: \"192.168.*\"}", true)]
    [InlineData("side: consumer", "address: {wildcard: \"*.7\"}", true)]
    [InlineData("side: consumer", "address: {wildcard: \"10.*\"}", false)]
    [InlineData("side: consumer", "address: {wildcard: \"*\"}", true)]
    [InlineData("side: consumer", "address: {wildcard: \"0.0.0.0\"}", true)]
    [InlineData("side: consumer", "address: {exact: 192.168.1.7}", true)]
    [InlineData("side: consumer", "address: {exact: 192.168.1.70}", false)]
    // providerAddress: the provider's host:port.
    [InlineData("side: consumer", "providerAddress: {exact: \"10.0.0.1:20880\"}", true)]
    [InlineData("side: consumer", "providerAddress: {exact: 10.0.0.1}", false)]
    [InlineData("side: consumer", "providerAddress: {wildcard: \"*:20880\"}", true)]
    [InlineData("side: consumer", "providerAddress: {wildcard: \"10.0.*:20880\"}", true)]
    [InlineData("side: consumer", "providerAddress: {wildcard: \"10.0.*:2*\"}", false)]     // Dubbo's glob: only the last * is special
    [InlineData("side: consumer", "providerAddress: {wildcard: \"*:20881\"}", false)]
    [InlineData("side: consumer", "providerAddress: {cird: 10.0.0.0/24}", true)]
    [InlineData("side: consumer", "providerAddress: {cird: \"10.0.0.1:20881\"}", false)]
    // service and app: any of oneof.
    [InlineData("side: consumer", "service: {oneof: [{exact: \"mall/com.foo.Orders:1.0\"}]}", true)]
    [InlineData("side: consumer", "service: {oneof: [{exact: other}, {prefix: \"mall/\"}]}", true)]
    [InlineData("side: consumer", "service: {oneof: [{exact: \"com.foo.Orders\"}]}", false)]
    [InlineData("side: consumer", "app: {oneof: [{exact: shop}]}", true)]
    [InlineData("side: consumer", "app: {oneof: [{exact: orders}]}", false)]
    [InlineData("side: provider", "app: {oneof: [{exact: orders}]}", true)]
    [InlineData("side: consumer", "application: {oneof: [{regex: \"s.*\"}]}", true)]
    public void Match_conditions(string side, string match, bool applies)
        => Assert.Equal(applies, Applies(side + "\n    match: {" + match + "}"));

    [Fact]
    public void A_service_rule_applies_only_to_the_service_its_key_names()
    {
        Assert.True(Applies("side: consumer", key: Service));
        Assert.False(Applies("side: consumer", key: "com.foo.Orders"));
        Assert.False(Applies("side: consumer", key: "mall/com.foo.Orders:2.0"));
    }

    [Theory]
    [InlineData("shop", "", true)]
    [InlineData("shop", "\n    services: [\"mall/com.foo.Orders:1.0\"]", true)]
    [InlineData("shop", "\n    services: [\"*\"]", true)]
    [InlineData("shop", "\n    services: [\"mall/com.foo.Payments:1.0\"]", false)]
    [InlineData("admin", "", false)]
    public void An_application_rule_applies_to_its_application_and_the_services_it_lists(string application, string services, bool applies)
    {
        var rule = OverrideDocument.Parse(application + ".configurators", $"configVersion: v3.0\nscope: application\nkey: {application}\nconfigs:\n  - side: consumer{services}\n    parameters: {{weight: 1}}\n");

        Assert.Equal(applies, rule.Items[0].IsMatch(new OverrideTarget(Consumer, Provider)));
    }

    private static bool Applies(string item, string key = Service)
    {
        var rule = OverrideDocument.Parse("k.configurators", $"configVersion: v3.0\nscope: service\nkey: \"{key}\"\nconfigs:\n  - {item}\n    parameters: {{weight: 1}}\n");
        return Assert.Single(rule.Items).IsMatch(new OverrideTarget(Consumer, Provider));
    }
}
