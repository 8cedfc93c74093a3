using Junction.Registry;
using Junction.Registry.Override;

namespace Junction.Runtime.Tests.Override;

/// <summary>Override documents as Dubbo writes them, and the mistakes we refuse with a message naming the field and where.</summary>
public class OverrideDocumentTests
{
    private const string Key = "com.foo.Orders:1.0:mall.configurators";

    [Fact]
    public void Every_field_of_a_service_rule_is_read()
    {
        var rule = OverrideDocument.Parse(Key, """
            configVersion: v3.0
            scope: service
            key: mall/com.foo.Orders:1.0
            enabled: true
            configs:
              - side: consumer
                addresses: ["192.168.1.7", "0.0.0.0:20880"]
                providerAddresses: ["10.0.0.1:20880"]
                applications: [shop, admin]
                enabled: false
                type: general
                match:
                  address: {cird: 192.168.0.0/16}
                  providerAddress: {wildcard: "10.0.0.*"}
                  service: {oneof: [{prefix: mall/}]}
                  app: {oneof: [{exact: shop}, {regex: "adm.*"}]}
                  param: [{key: env, value: {exact: gray}}]
                parameters: {weight: 250, disabled: false, dubbo.tag: gray, warmup: "0"}
              - side: provider
                addresses: ["10.0.0.2:20880"]
                parameters: {disabled: true}
            """);

        Assert.True(rule.Enabled);
        Assert.False(rule.ApplicationScope);
        Assert.Equal("mall/com.foo.Orders:1.0", rule.Target);
        Assert.Empty(rule.Warnings);
        Assert.Equal(2, rule.Items.Count);

        var consumer = rule.Items[0];
        Assert.Equal(OverrideSide.Consumer, consumer.Side);
        Assert.False(consumer.Enabled);
        Assert.Equal(["192.168.1.7", "0.0.0.0:20880"], consumer.Addresses);
        Assert.Equal(["10.0.0.1:20880"], consumer.ProviderAddresses);
        Assert.Equal(["shop", "admin"], consumer.Applications!);
        Assert.Equal(["mall/com.foo.Orders:1.0"], consumer.Services!);
        Assert.NotNull(consumer.Match!.Address);
        Assert.NotNull(consumer.Match.ProviderAddress);
        Assert.Single(consumer.Match.Service!);
        Assert.Equal(2, consumer.Match.App!.Length);
        Assert.Equal("env", Assert.Single(consumer.Match.Param).Key);
        Assert.Equal(new Dictionary<string, string> { ["weight"] = "250", ["disabled"] = "false", ["dubbo.tag"] = "gray", ["warmup"] = "0" }, consumer.Parameters);

        // A provider item without providerAddresses is limited to its addresses, as Dubbo's ConfigParser does.
        var provider = rule.Items[1];
        Assert.Equal(OverrideSide.Provider, provider.Side);
        Assert.True(provider.Enabled);
        Assert.Equal(["10.0.0.2:20880"], provider.ProviderAddresses);
        Assert.Null(provider.Applications);
        Assert.Equal("true", provider.Parameters["disabled"]);
    }

    [Fact]
    public void An_application_rule_is_for_its_key_and_the_services_listed_default_any()
    {
        var rule = OverrideDocument.Parse("shop.configurators", """
            configVersion: v2.7
            scope: application
            key: shop
            configs:
              - side: consumer
                services: ["mall/com.foo.Orders:1.0"]
                parameters: {weight: 0}
              - side: consumer
                parameters: {weight: 5}
            """);

        Assert.True(rule.ApplicationScope);
        Assert.Equal(["shop"], rule.Items[0].Applications!);
        Assert.Equal(["mall/com.foo.Orders:1.0"], rule.Items[0].Services!);
        Assert.Null(rule.Items[1].Services);
        Assert.Equal([OverrideItem.AnyHost], rule.Items[1].Addresses);
        Assert.Empty(rule.Items[1].ProviderAddresses);
    }

    [Fact]
    public void A_disabled_rule_is_off_and_not_checked_further()
    {
        var rule = OverrideDocument.Parse(Key, "enabled: false\nconfigs: not even a list\nunknown: 1\n");

        Assert.False(rule.Enabled);
        Assert.Empty(rule.Items);
    }

    [Fact]
    public void Parameters_Junction_does_not_apply_and_fields_the_scope_ignores_are_warned_about_and_left_out()
    {
        var rule = OverrideDocument.Parse(Key, """
            configVersion: v2.7
            scope: service
            key: mall/com.foo.Orders:1.0
            configs:
              - side: consumer
                services: [other]
                match: {param: [{key: env, value: {exact: gray}}]}
                parameters: {timeout: 6000, retries: 4, weight: 7}
            """);

        var item = Assert.Single(rule.Items);
        Assert.Equal(new Dictionary<string, string> { ["weight"] = "7" }, item.Parameters);
        Assert.Null(item.Match);
        Assert.Contains(rule.Warnings, w => w.Contains("parameters.timeout is not applied", StringComparison.Ordinal) && w.Contains("TimeoutMs", StringComparison.Ordinal));
        Assert.Contains(rule.Warnings, w => w.Contains("parameters.retries is not applied", StringComparison.Ordinal));
        Assert.Contains(rule.Warnings, w => w.Contains("services is ignored in service scope", StringComparison.Ordinal));
        Assert.Contains(rule.Warnings, w => w.Contains("match is ignored: it needs configVersion v3.0", StringComparison.Ordinal));
    }

    [Fact]
    public void Match_accepts_application_as_documented_and_app_as_Dubbo_reads_it()
    {
        const string Head = "configVersion: v3.0\nscope: service\nkey: k\nconfigs:\n  - side: consumer\n    parameters: {weight: 1}\n";
        var documented = OverrideDocument.Parse(Key, Head + "    match: {application: {oneof: [{exact: shop}]}}\n");
        var code = OverrideDocument.Parse(Key, Head + "    match: {app: {oneof: [{exact: shop}]}}\n");

        Assert.NotNull(documented.Items[0].Match!.App);
        Assert.NotNull(code.Items[0].Match!.App);
    }

    public static TheoryData<string, string[]> BadDocuments => new()
    {
        { "configVersion: [v3.0", ["not valid YAML at line 2, column 1", "did not find expected"] },
        { "", ["the document is empty"] },
        { "- a\n- b\n", ["must be a mapping", "line 1, column 1"] },
        { "scope: service\nkey: k\nconfigs: [{side: consumer, parameters: {weight: 1}}]\n", ["no configVersion"] },
        { "configVersion: v3.1\nscope: service\nkey: k\nconfigs: [{side: consumer, parameters: {weight: 1}}]\n", ["configVersion is \"v3.1\"", "line 1, column 16"] },
        { "configVersion: v3.0\nkey: k\nconfigs: [{side: consumer, parameters: {weight: 1}}]\n", ["no scope"] },
        { "configVersion: v3.0\nscope: global\nkey: k\nconfigs: [{side: consumer, parameters: {weight: 1}}]\n", ["scope is \"global\"", "line 2, column 8"] },
        { "configVersion: v3.0\nscope: service\nconfigs: [{side: consumer, parameters: {weight: 1}}]\n", ["no key", "service key"] },
        { "configVersion: v3.0\nscope: application\nkey: \"\"\nconfigs: [{side: consumer, parameters: {weight: 1}}]\n", ["no key", "application"] },
        { "configVersion: v3.0\nscope: service\nkey: k\n", ["no configs"] },
        { "configVersion: v3.0\nscope: service\nkey: k\nconfigs: []\n", ["configs (line 4, column 10) must be a non-empty list"] },
        { "configVersion: v3.0\nscope: service\nkey: k\nenabled: yes\nconfigs: [{side: consumer, parameters: {weight: 1}}]\n", ["enabled is \"yes\"", "line 4, column 10", "true or false"] },
        { "configVersion: v3.0\nscope: service\nkey: k\nconfig: []\n", ["unknown field \"config\"", "line 4, column 1"] },
        { "configVersion: v3.0\nscope: service\nkey: k\nconfigs: [weight]\n", ["configs[0] (line 4, column 11) must be a mapping"] },
        { "configVersion: v3.0\nscope: service\nkey: k\nconfigs:\n  - parameters: {weight: 1}\n", ["configs[0] (line 5, column 5) has no side"] },
        { "configVersion: v3.0\nscope: service\nkey: k\nconfigs:\n  - side: both\n    parameters: {weight: 1}\n", ["configs[0].side is \"both\"", "line 5, column 11"] },
        { "configVersion: v3.0\nscope: service\nkey: k\nconfigs:\n  - side: consumer\n    providerAdresses: [\"10.0.0.1:1\"]\n    parameters: {weight: 1}\n", ["configs[0] has an unknown field \"providerAdresses\"", "line 6, column 5", "providerAddresses"] },
        { "configVersion: v3.0\nscope: service\nkey: k\nconfigs:\n  - side: consumer\n    addresses: 10.0.0.1\n    parameters: {weight: 1}\n", ["configs[0].addresses (line 6, column 16) must be a list"] },
        { "configVersion: v3.0\nscope: service\nkey: k\nconfigs:\n  - side: consumer\n    addresses: [\"\"]\n    parameters: {weight: 1}\n", ["configs[0].addresses[0]", "is empty"] },
        { "configVersion: v3.0\nscope: service\nkey: k\nconfigs:\n  - side: consumer\n", ["configs[0] (line 5, column 5) sets no parameters"] },
        { "configVersion: v3.0\nscope: service\nkey: k\nconfigs:\n  - side: consumer\n    parameters: {}\n", ["configs[0].parameters (line 6, column 17) must be a mapping with at least one parameter"] },
        { "configVersion: v3.0\nscope: service\nkey: k\nconfigs:\n  - side: consumer\n    parameters: {weight: -5}\n", ["configs[0].parameters.weight is \"-5\"", "line 6, column 26", "0 or more"] },
        { "configVersion: v3.0\nscope: service\nkey: k\nconfigs:\n  - side: consumer\n    parameters: {weight: heavy}\n", ["parameters.weight is \"heavy\""] },
        { "configVersion: v3.0\nscope: service\nkey: k\nconfigs:\n  - side: consumer\n    parameters: {disabled: maybe}\n", ["parameters.disabled is \"maybe\"", "true or false"] },
        { "configVersion: v3.0\nscope: service\nkey: k\nconfigs:\n  - side: consumer\n    parameters: {region: [a, b]}\n", ["parameters.region (line 6, column 26) must be a single value"] },
        { "configVersion: v3.0\nscope: service\nkey: k\nconfigs:\n  - side: consumer\n    enabled: sometimes\n    parameters: {weight: 1}\n", ["configs[0].enabled is \"sometimes\""] },
        { "configVersion: v3.0\nscope: service\nkey: k\nconfigs:\n  - side: consumer\n    match: {host: {exact: a}}\n    parameters: {weight: 1}\n", ["configs[0].match has an unknown field \"host\""] },
        { "configVersion: v3.0\nscope: service\nkey: k\nconfigs:\n  - side: consumer\n    match: {address: {cird: 10.0.0.0/99}}\n    parameters: {weight: 1}\n", ["configs[0].match.address", "10.0.0.0/99"] },
        { "configVersion: v3.0\nscope: service\nkey: k\nconfigs:\n  - side: consumer\n    match: {address: {cird: 10.0.0.0/8, exact: 10.0.0.1}}\n    parameters: {weight: 1}\n", ["configs[0].match.address", "exactly one of cird, wildcard, exact"] },
        { "configVersion: v3.0\nscope: service\nkey: k\nconfigs:\n  - side: consumer\n    match: {providerAddress: {glob: \"10.*\"}}\n    parameters: {weight: 1}\n", ["'glob' is not a kind of match"] },
        { "configVersion: v3.0\nscope: service\nkey: k\nconfigs:\n  - side: consumer\n    match: {service: {exact: a}}\n    parameters: {weight: 1}\n", ["configs[0].match.service", "oneof"] },
        { "configVersion: v3.0\nscope: service\nkey: k\nconfigs:\n  - side: consumer\n    match: {app: {oneof: [{regex: \"(\"}]}}\n    parameters: {weight: 1}\n", ["configs[0].match.app.oneof[0]", "regex '(' is not a valid regular expression"] },
        { "configVersion: v3.0\nscope: service\nkey: k\nconfigs:\n  - side: consumer\n    match: {app: {oneof: [{exact: a}]}, application: {oneof: [{exact: a}]}}\n    parameters: {weight: 1}\n", ["both app and application"] },
        { "configVersion: v3.0\nscope: service\nkey: k\nconfigs:\n  - side: consumer\n    match: {param: {key: env}}\n    parameters: {weight: 1}\n", ["configs[0].match.param", "must be a list"] },
        { "configVersion: v3.0\nscope: service\nkey: k\nconfigs:\n  - side: consumer\n    match: {param: [{value: {exact: a}}]}\n    parameters: {weight: 1}\n", ["configs[0].match.param[0]", "needs a key and a value"] },
        { "configVersion: v3.0\nscope: service\nkey: k\nconfigs:\n  - side: consumer\n    match: {param: [{key: env, value: {exact: a, prefix: b}}]}\n    parameters: {weight: 1}\n", ["configs[0].match.param[0].value", "exactly one of exact, prefix, regex"] },
    };

    [Theory]
    [MemberData(nameof(BadDocuments))]
    public void A_document_that_cannot_be_used_is_refused_naming_the_key_and_what_is_wrong(string yaml, string[] expected)
    {
        var error = Assert.Throws<OverrideRuleException>(() => OverrideDocument.Parse(Key, yaml));

        Assert.Equal(Key, error.RuleKey);
        Assert.StartsWith($"Override rule '{Key}' cannot be used: ", error.Message, StringComparison.Ordinal);
        foreach (var fragment in expected)
        {
            Assert.True(error.Message.Contains(fragment, StringComparison.Ordinal), $"Expected \"{fragment}\" in: {error.Message}");
        }
    }
}
