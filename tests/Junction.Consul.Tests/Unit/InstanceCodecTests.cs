using System.Text.Json;
using Junction.Consul.Http;
using Junction.Consul.Registry;
using Junction.Registry;

namespace Junction.Consul.Tests.Unit;

public sealed class InstanceCodecTests
{
    private static readonly ConsulOptions Options = new();

    private static ServiceInstance Provider(string key = "gray/Demo.IGreeter:1.0.0", int weight = 0) =>
        new ServiceInstance(key, "tcp", "10.0.0.5", 20880)
        {
            Weight = weight,
            StartTime = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_123),
            Metadata = new Dictionary<string, string> { ["application"] = "shop", ["dubbo.tag"] = "gray", ["token"] = "t0k", ["my_key"] = "v" },
            Tags = ["canary"],
        };

    [Fact]
    public void Registration_uses_a_dns_name_a_unique_id_a_passing_ttl_check_and_escaped_meta()
    {
        var registration = InstanceCodec.ToRegistration(Provider(), Options);
        Assert.Equal("demo-igreeter", registration.Name);
        Assert.StartsWith("demo-igreeter-10-0-0-5-20880-tcp-", registration.Id, StringComparison.Ordinal);
        Assert.Equal("service:" + registration.Id, registration.Check!.CheckId);
        Assert.Equal("15s", registration.Check.Ttl);
        Assert.Equal("60s", registration.Check.DeregisterCriticalServiceAfter);
        Assert.Equal("passing", registration.Check.Status);
        Assert.Equal(["protocol=tcp", "version=1.0.0", "group=gray", "canary"], registration.Tags!);
        Assert.Equal("gray", registration.Meta!["dubbo_2Etag"]);
        Assert.Equal("0", registration.Meta[MetaKey.Weight]);
        Assert.All(registration.Meta.Keys, k => Assert.Matches("^[A-Za-z0-9_-]{1,128}$", k));
        // Consul refuses Passing 0 (§1): a Junction weight of 0 is still registrable.
        Assert.Equal(1, registration.Weights!.Passing);
        var json = JsonSerializer.Serialize(registration, ConsulJsonContext.Default.AgentServiceRegistration);
        Assert.Contains("\"CheckID\":", json, StringComparison.Ordinal);
        Assert.Contains("\"TTL\":\"15s\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("null", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Versions_of_one_interface_on_one_port_get_different_ids_but_one_name()
    {
        var v1 = InstanceCodec.ToRegistration(Provider("Demo.IGreeter:1.0"), Options);
        var v2 = InstanceCodec.ToRegistration(Provider("Demo.IGreeter:2.0"), Options);
        var plain = InstanceCodec.ToRegistration(Provider("Demo.IGreeter"), Options);
        Assert.Equal(v1.Name, v2.Name);
        Assert.NotEqual(v1.Id, v2.Id);
        Assert.Equal("demo-igreeter-10-0-0-5-20880-tcp", plain.Id);
    }

    [Fact]
    public void A_registration_read_back_from_consul_is_the_same_provider()
    {
        var provider = Provider(weight: 37);
        var back = Assert.Single(InstanceCodec.FromEntries(provider.ServiceKey, [AsRow(provider)]));
        Assert.Equal(provider.Id, back.Id);
        Assert.Equal(37, back.Weight);
        Assert.Equal(provider.StartTime, back.StartTime);
        Assert.Equal(provider.Metadata, back.Metadata);
        Assert.Equal(provider.Tags, back.Tags);
        Assert.True(InstanceCodec.SameSnapshot([provider], [back]));
    }

    [Fact]
    public void Rows_of_another_service_key_with_a_colliding_name_are_skipped()
    {
        var other = Provider("Demo_IGreeter:1.0.0");
        Assert.Equal(InstanceCodec.ToRegistration(other, Options).Name, InstanceCodec.ToRegistration(Provider(), Options).Name);
        Assert.Empty(InstanceCodec.FromEntries("gray/Demo.IGreeter:1.0.0", [AsRow(other)]));
    }

    [Fact]
    public void An_empty_service_address_means_the_node_address()
    {
        var row = AsRow(Provider());
        row.Service!.Address = "";
        row.Node = new ConsulNode { Address = "192.168.1.9" };
        Assert.Equal("192.168.1.9", InstanceCodec.FromEntries("gray/Demo.IGreeter:1.0.0", [row])[0].Host);
    }

    [Fact]
    public void Snapshots_differ_when_any_provider_field_differs()
    {
        var a = Provider();
        Assert.False(InstanceCodec.SameSnapshot([a], [a with { Weight = 5 }]));
        Assert.False(InstanceCodec.SameSnapshot([a], [a with { Metadata = new Dictionary<string, string> { ["application"] = "shop" } }]));
        Assert.False(InstanceCodec.SameSnapshot([a], [a with { Tags = [] }]));
        Assert.False(InstanceCodec.SameSnapshot([a], []));
        Assert.True(InstanceCodec.SameSnapshot([a], [a with { Metadata = new Dictionary<string, string>(a.Metadata) }]));
    }

    [Fact]
    public void Metadata_over_consuls_limits_fails_registration_with_the_key_named()
    {
        var longValue = Provider() with { Metadata = new Dictionary<string, string> { ["big"] = new string('x', 513) } };
        Assert.Contains("'big'", Assert.Throws<InvalidOperationException>(() => InstanceCodec.ToRegistration(longValue, Options)).Message, StringComparison.Ordinal);
        var many = Provider() with { Metadata = Enumerable.Range(0, 61).ToDictionary(i => "k" + i, i => "v") };
        Assert.Contains("limit of 64", Assert.Throws<InvalidOperationException>(() => InstanceCodec.ToRegistration(many, Options)).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Demo.IGreeter", "demo-igreeter")]
    [InlineData("com.foo..Bar$Inner", "com-foo-bar-inner")]
    [InlineData("...", "s-")]
    public void Names_are_dns_labels(string interfaceName, string expectedPrefix)
    {
        var name = ConsulServiceName.ForInterface(interfaceName);
        Assert.StartsWith(expectedPrefix, name, StringComparison.Ordinal);
        Assert.Matches("^[a-z0-9]([a-z0-9-]*[a-z0-9])?$", name);
    }

    [Fact]
    public void Long_names_are_cut_to_63_characters_keeping_them_distinct()
    {
        var a = ConsulServiceName.ForInterface("Company.Product.Module." + new string('A', 80) + ".IOne");
        var b = ConsulServiceName.ForInterface("Company.Product.Module." + new string('A', 80) + ".ITwo");
        Assert.Equal(63, a.Length);
        Assert.NotEqual(a, b);
    }

    internal static HealthServiceEntry AsRow(ServiceInstance instance)
    {
        var registration = InstanceCodec.ToRegistration(instance, Options);
        return new HealthServiceEntry
        {
            Node = new ConsulNode { Node = "n1", Address = "127.0.0.1" },
            Service = new ConsulService
            {
                Id = registration.Id,
                Service = registration.Name,
                Tags = registration.Tags,
                Address = registration.Address,
                Port = registration.Port,
                Meta = registration.Meta,
                Weights = registration.Weights,
            },
            Checks = [],
        };
    }
}
