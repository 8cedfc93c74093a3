using Junction.Hosting;
using Junction.Routing;

namespace Junction.Scripting.Tests;

/// <summary>Dubbo's script-rule documents as the factory reads them.</summary>
public sealed class ScriptRuleDocumentTests
{
    private const string Key = "shop.script-router";
    private const string EastOnly = "Providers.Where(p => p.Metadata[\"region\"] == \"east\")";

    private readonly ScriptRouterFactory _factory = new();

    [Fact]
    public void A_document_with_type_csharp_routes_with_its_script_and_priority()
    {
        var router = _factory.Create(Key, ScriptKit.Document(EastOnly, "type: csharp\nenabled: true\nforce: false\nruntime: true\npriority: 7\n"), ScriptKit.EastConsumer);

        Assert.NotNull(router);
        Assert.Equal(7, router.Priority);
        Assert.Equal("10.0.0.1,10.0.0.3,10.0.0.5", ScriptKit.Hosts(router.Route(ScriptKit.Providers(), ScriptKit.Find(1, "east"))));
    }

    [Fact]
    public void A_document_without_a_type_is_csharp()
    {
        var router = _factory.Create(Key, ScriptKit.Document(EastOnly), ScriptKit.EastConsumer);

        Assert.Equal(3, router!.Route(ScriptKit.Providers(), ScriptKit.Find(1, "east")).Length);
    }

    [Theory]
    [InlineData("javascript")]
    [InlineData("groovy")]
    public void Other_script_types_are_refused_saying_only_csharp_runs(string type)
    {
        var error = Assert.Throws<RoutingRuleException>(() => _factory.Create(Key, ScriptKit.Document("function route(invokers) { return invokers; }", $"type: {type}\n"), ScriptKit.EastConsumer));

        Assert.Equal(Key, error.RuleKey);
        Assert.Contains($"'{type}'", error.Reason);
        Assert.Contains("C# only", error.Reason);
    }

    [Theory]
    [InlineData("false")]
    [InlineData("no")]
    public void A_disabled_rule_makes_no_router(string enabled)
    {
        Assert.Null(_factory.Create(Key, ScriptKit.Document("this is not even C#", $"enabled: {enabled}\n"), ScriptKit.EastConsumer));
    }

    [Theory]
    [InlineData("configVersion: v3.0\nkey: shop\ntype: csharp\nenabled: true\n", "no 'script'")]
    [InlineData("configVersion: v3.0\nscript: \"  \"\n", "no 'script'")]
    [InlineData("- just\n- a list\n", "YAML mapping")]
    [InlineData("", "YAML mapping")]
    [InlineData("script: [a, b]\n", "'script' must be a single value (line 1)")]
    [InlineData("enabled: maybe\nscript: Providers\n", "'enabled' must be true or false, not 'maybe' (line 1)")]
    [InlineData("priority: high\nscript: Providers\n", "'priority' must be a whole number")]
    [InlineData("script: \"unterminated\n", "not valid YAML at line")]
    public void A_document_that_cannot_be_used_says_why(string document, string reason)
    {
        var error = Assert.Throws<RoutingRuleException>(() => _factory.Create(Key, document, ScriptKit.EastConsumer));

        Assert.Equal(Key, error.RuleKey);
        Assert.Contains(reason, error.Reason);
    }

    [Fact]
    public void A_script_error_in_a_document_names_the_rule_key()
    {
        var error = Assert.Throws<RoutingRuleException>(() => _factory.Create(Key, ScriptKit.Document("Providers.Where(p => p.Prot > 1)"), ScriptKit.EastConsumer));

        Assert.Equal(Key, error.RuleKey);
        Assert.Contains("line 1:24: CS1061", error.Reason);
    }

    [Fact]
    public void UseScriptRouting_adds_the_factory_for_script_router_keys()
    {
        var options = new JunctionOptions().UseScriptRouting();

        Assert.Equal(".script-router", Assert.IsType<ScriptRouterFactory>(Assert.Single(options.Routing.RuleFactories)).KeySuffix);
    }
}
