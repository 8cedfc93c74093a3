using Junction.Invocation;
using Junction.LoadBalancing;
using Junction.Registry.Override;
using Junction.Runtime.Tests.Cluster;
using Microsoft.Extensions.Logging;
using static Junction.Runtime.Tests.Override.OverrideRig;

namespace Junction.Runtime.Tests.Override;

/// <summary>Overrides in the consumer's registry directory: on every push and on every rule change, without new connections.</summary>
public class OverrideDirectoryTests
{
    private const string P1 = "10.0.0.1:20001";

    [Fact]
    public async Task A_weight_override_changes_the_weight_the_balancer_sees_and_keeps_the_providers_invoker()
    {
        await using var rig = new OverrideRig(loadBalance: "random");
        await rig.Register(Instance(1));
        await rig.Register(Instance(2));
        var p1 = Under(rig.Listed("p1")!);
        Assert.Contains("p1", await rig.Answers(40));

        rig.Source.Set(ServiceRuleKey, RuleFor(P1, "weight: 0"));

        var listed = rig.Listed("p1")!;
        Assert.Equal(0, listed.Instance.Weight);
        Assert.Equal("0", listed.Instance.Metadata["weight"]);
        Assert.Same(p1, Under(listed));
        Assert.False(p1.Released);
        Assert.Equal(2, rig.Referred.Count);
        var before = p1.Calls;
        Assert.All(await rig.Answers(200), answer => Assert.Equal("p2", answer));
        Assert.Equal(before, p1.Calls);

        rig.Source.Set(ServiceRuleKey, RuleFor(P1, "weight: 300"));

        var table = new WeightTable(shared: false);
        table.Fill(rig.Directory.Providers.Invokers, TimeProvider.System);
        var index = Array.IndexOf(rig.Directory.Providers.Invokers, rig.Listed("p1"));
        Assert.Equal(300, table.Weight(index));
        Assert.Equal(100, table.Weight(1 - index));
        Assert.Same(p1, Under(rig.Listed("p1")!));
        Assert.Equal(2, rig.Referred.Count);
        Assert.Contains("p1", await rig.Answers(40));
    }

    [Fact]
    public async Task A_rule_change_applies_to_the_last_push_without_waiting_for_the_registry()
    {
        await using var rig = new OverrideRig();
        await rig.Register(Instance(1));
        await rig.Register(Instance(2));
        var pushes = rig.Registry.Pushes;
        var version = rig.Directory.Providers.Version;

        rig.Source.Set(ServiceRuleKey, RuleFor(P1, "weight: 7, region: east"));

        Assert.Equal(pushes, rig.Registry.Pushes);
        Assert.True(rig.Directory.Providers.Version > version);
        var p1 = rig.Listed("p1")!.Instance;
        Assert.Equal(7, p1.Weight);
        Assert.Equal("east", p1.Metadata["region"]);
        Assert.Equal(100, rig.Listed("p2")!.Instance.Weight);
        Assert.False(rig.Listed("p2")!.Instance.Metadata.ContainsKey("region"));
    }

    [Fact]
    public async Task The_same_overrides_again_or_a_registry_push_keep_the_listed_invoker_and_the_list()
    {
        await using var rig = new OverrideRig();
        await rig.Register(Instance(1));
        await rig.Register(Instance(2));
        rig.Source.Set(ServiceRuleKey, RuleFor(P1, "weight: 7"));
        var listed = rig.Listed("p1")!;
        var version = rig.Directory.Providers.Version;

        // The same parameters under another item: nothing changes for the balancers, so no new snapshot.
        rig.Source.Set(ServiceRuleKey, RuleFor(P1, "weight: 7") + "\n  - side: consumer\n    providerAddresses: [\"10.9.9.9:1\"]\n    parameters: {weight: 1}\n");
        Assert.Equal(version, rig.Directory.Providers.Version);
        Assert.Same(listed, rig.Listed("p1"));

        // A push for another provider: p1 keeps its listed invoker (and so its round-robin score and circuit breaker).
        await rig.Register(Instance(3));
        Assert.Same(listed, rig.Listed("p1"));
        Assert.Equal(7, rig.Listed("p1")!.Instance.Weight);
        Assert.Equal(3, rig.Referred.Count);
    }

    [Fact]
    public async Task A_disabled_provider_gets_no_calls_is_released_and_comes_back_when_the_rule_is_deleted()
    {
        await using var rig = new OverrideRig();
        await rig.Register(Instance(1));
        await rig.Register(Instance(2));
        var first = Under(rig.Listed("p1")!);

        rig.Source.Set(ServiceRuleKey, RuleFor(P1, "disabled: true"));

        Assert.Null(rig.Listed("p1"));
        await ClusterKit.Eventually(() => first.Released, "the disabled provider's invoker is released");
        var calls = first.Calls;
        Assert.All(await rig.Answers(20), answer => Assert.Equal("p2", answer));
        Assert.Equal(calls, first.Calls);
        Assert.Contains(rig.Logger.Entries, e => e.Message.Contains("1 provider(s) on tcp, 1 more disabled by overrides", StringComparison.Ordinal));

        Assert.True(rig.Source.Remove(ServiceRuleKey));

        var again = Under(rig.Listed("p1")!);
        Assert.NotSame(first, again);
        Assert.Equal(3, rig.Referred.Count);
        var answers = await rig.Answers(20);
        Assert.Equal(10, answers.Count(a => a == "p1"));
        Assert.Equal(10, again.Calls);
    }

    [Fact]
    public async Task Rules_in_force_apply_to_every_push_so_a_disabled_provider_is_never_connected()
    {
        await using var rig = new OverrideRig();
        rig.Source.Set(ServiceRuleKey, $$$"""
            configVersion: v3.0
            scope: service
            key: {{{ClusterKit.Service.ServiceKey}}}
            configs:
              - side: consumer
                match: {param: [{key: zone, value: {exact: a}}]}
                parameters: {disabled: true}
            """);

        await rig.Register(Instance(1, ("zone", "a")));
        await rig.Register(Instance(2, ("zone", "b")));
        await rig.Register(Instance(3, ("zone", "a")));

        Assert.Equal(["p2"], rig.Referred.Select(p => p.Name));
        Assert.Equal(["p2"], rig.Directory.Providers.Invokers.Select(i => i.Instance.Metadata["name"]));
    }

    [Fact]
    public async Task A_rule_that_cannot_be_used_is_logged_with_its_key_and_the_previous_rule_stays()
    {
        await using var rig = new OverrideRig();
        await rig.Register(Instance(1));
        await rig.Register(Instance(2));
        rig.Source.Set(ServiceRuleKey, RuleFor(P1, "weight: 0"));
        var version = rig.Directory.Providers.Version;

        rig.Source.Set(ServiceRuleKey, RuleFor(P1, "weight: -1"));
        rig.Source.Set(ServiceRuleKey, "configVersion: v3.0\nscope: service\nkey: [unclosed\n");

        var errors = rig.Logger.At(LogLevel.Error);
        Assert.Equal(2, errors.Count);
        Assert.All(errors, e => Assert.Contains($"Override rule '{ServiceRuleKey}' cannot be used", e.Message, StringComparison.Ordinal));
        Assert.Contains("parameters.weight is \"-1\" (line 7, column", errors[0].Message, StringComparison.Ordinal);
        Assert.Contains("The overrides it had stay in force", errors[0].Message, StringComparison.Ordinal);
        Assert.Contains("not valid YAML at line", errors[1].Message, StringComparison.Ordinal);
        Assert.Equal(version, rig.Directory.Providers.Version);
        Assert.Equal(0, rig.Listed("p1")!.Instance.Weight);
    }

    [Fact]
    public async Task When_overrides_disable_every_provider_the_no_provider_error_says_so()
    {
        await using var rig = new OverrideRig();
        await rig.Register(Instance(1));
        await rig.Register(Instance(2));

        rig.Source.Set(ServiceRuleKey, RuleFor("0.0.0.0", "disabled: true"));

        Assert.Empty(rig.Directory.Providers.Invokers);
        var error = await Assert.ThrowsAsync<RpcException>(() => rig.Client.ReadAsync(1));
        Assert.Equal(RpcStatusCode.Unavailable, error.StatusCode);
        Assert.Contains("overrides disabled all 2 of its provider(s)", error.Message, StringComparison.Ordinal);
        Assert.Contains(ServiceRuleKey, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("registry lists no provider", error.Message, StringComparison.Ordinal);

        rig.Source.Set(ServiceRuleKey, RuleFor("0.0.0.0", "disabled: false"));
        Assert.Equal(2, rig.Directory.Providers.Invokers.Length);
        Assert.Null(rig.Directory.WhyEmpty);
    }

    [Fact]
    public async Task Application_rules_apply_first_and_service_rules_override_them()
    {
        await using var rig = new OverrideRig();
        await rig.Register(Instance(1));
        await rig.Register(Instance(2));

        rig.Source.Set("shop.configurators", "configVersion: v3.0\nscope: application\nkey: shop\nconfigs:\n  - side: consumer\n    parameters: {weight: 10}\n");
        rig.Source.Set(ServiceRuleKey, RuleFor(P1, "weight: 20"));

        Assert.Equal(20, rig.Listed("p1")!.Instance.Weight);
        Assert.Equal(10, rig.Listed("p2")!.Instance.Weight);

        rig.Source.Remove(ServiceRuleKey);
        Assert.Equal(10, rig.Listed("p1")!.Instance.Weight);

        rig.Source.Remove("shop.configurators");
        Assert.Equal(100, rig.Listed("p1")!.Instance.Weight);
        Assert.IsType<ReferredProvider>(rig.Listed("p1"));
        Assert.Equal(2, rig.Referred.Count);
    }

    [Fact]
    public async Task The_provider_applications_rules_apply_once_the_directory_knows_the_application()
    {
        await using var rig = new OverrideRig();
        rig.Source.Set("orders.configurators", "configVersion: v3.0\nscope: application\nkey: orders\nconfigs:\n  - side: provider\n    addresses: [\"10.0.0.1\"]\n    parameters: {dubbo.tag: gray, warmup: \"0\"}\n");

        await rig.Register(Instance(1));
        await rig.Register(Instance(2));

        var p1 = rig.Listed("p1")!.Instance;
        Assert.Equal("gray", p1.Metadata["dubbo.tag"]);
        Assert.Equal("0", p1.Metadata["warmup"]);
        Assert.False(rig.Listed("p2")!.Instance.Metadata.ContainsKey("dubbo.tag"));

        // Later changes arrive too.
        rig.Source.Set("orders.configurators", "configVersion: v3.0\nscope: application\nkey: orders\nconfigs:\n  - side: provider\n    parameters: {dubbo.tag: blue}\n");
        Assert.Equal("blue", rig.Listed("p1")!.Instance.Metadata["dubbo.tag"]);
        Assert.Equal("blue", rig.Listed("p2")!.Instance.Metadata["dubbo.tag"]);
    }

    [Fact]
    public async Task Parameters_that_are_not_applied_are_logged_naming_them()
    {
        await using var rig = new OverrideRig();
        await rig.Register(Instance(1));

        rig.Source.Set(ServiceRuleKey, RuleFor(P1, "timeout: 6000, weight: 5"));

        var warning = Assert.Single(rig.Logger.At(LogLevel.Warning));
        Assert.Contains(ServiceRuleKey, warning.Message, StringComparison.Ordinal);
        Assert.Contains("parameters.timeout is not applied", warning.Message, StringComparison.Ordinal);
        var p1 = rig.Listed("p1")!.Instance;
        Assert.Equal(5, p1.Weight);
        Assert.False(p1.Metadata.ContainsKey("timeout"));
    }

    [Fact]
    public async Task A_service_rule_keyed_for_another_service_is_warned_about()
    {
        await using var rig = new OverrideRig();
        await rig.Register(Instance(1));

        rig.Source.Set(ServiceRuleKey, "configVersion: v3.0\nscope: service\nkey: com.other.Service\nconfigs:\n  - side: consumer\n    parameters: {weight: 5}\n");

        Assert.Contains(rig.Logger.At(LogLevel.Warning), e => e.Message.Contains("\"com.other.Service\" is not this service's key", StringComparison.Ordinal));
        Assert.Equal(100, rig.Listed("p1")!.Instance.Weight);
    }
}
