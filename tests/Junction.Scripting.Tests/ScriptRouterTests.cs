using Junction.Routing;

namespace Junction.Scripting.Tests;

/// <summary>What a C# script rule chooses, and what happens when it fails at run time.</summary>
public sealed class ScriptRouterTests
{
    private const string SameRegion = "Providers.Where(p => p.Metadata[\"region\"] == Consumer.Parameters[\"region\"])";

    private readonly ScriptRouterFactory _factory = new();

    [Fact]
    public void An_expression_rule_selects_by_provider_metadata_against_the_consumer()
    {
        var router = _factory.Compile("shop.script-router", SameRegion, ScriptKit.EastConsumer);

        var routed = router.Route(ScriptKit.Providers(), ScriptKit.Find(1, "west"));

        Assert.Equal("10.0.0.1,10.0.0.3,10.0.0.5", ScriptKit.Hosts(routed));
    }

    [Fact]
    public void A_statement_rule_selects_by_argument()
    {
        const string script = """
            if (Method != "Find")
            {
                return Providers;
            }

            var region = (string)Argument(1);
            return Providers.Where(p => p.Metadata["region"] == region);
            """;
        var router = _factory.Compile("args.script-router", script, ScriptKit.EastConsumer);
        var providers = ScriptKit.Providers();

        Assert.Equal("10.0.0.2,10.0.0.4,10.0.0.6", ScriptKit.Hosts(router.Route(providers, ScriptKit.Find(7, "west"))));
        Assert.Equal("10.0.0.1,10.0.0.3,10.0.0.5", ScriptKit.Hosts(router.Route(providers, ScriptKit.Find(7, "east"))));
        Assert.Same(providers, router.Route(providers, ScriptKit.List("books")));
    }

    [Fact]
    public void Statements_ending_in_an_expression_return_that_expression_and_read_attachments()
    {
        const string script = """
            var wanted = Attachment("shard");
            wanted is null ? Providers : Providers.Where(p => p.Metadata["index"] == wanted)
            """;
        var router = _factory.Compile("attachment.script-router", script);
        var providers = ScriptKit.Providers();
        var invocation = ScriptKit.Find(1, "east");
        invocation.Attachments["shard"] = "4";

        Assert.Equal("10.0.0.5", ScriptKit.Hosts(router.Route(providers, invocation)));
        Assert.Same(providers, router.Route(providers, ScriptKit.Find(1, "east")));
    }

    [Fact]
    public void The_result_keeps_the_order_of_the_providers_whatever_order_the_script_returns()
    {
        var router = _factory.Compile("order.script-router", "Providers.Reverse().Where(p => p.Host != \"10.0.0.3\").Concat(Providers.Take(1))");

        var routed = router.Route(ScriptKit.Providers(), ScriptKit.Find(1, "east"));

        Assert.Equal("10.0.0.1,10.0.0.2,10.0.0.4,10.0.0.5,10.0.0.6", ScriptKit.Hosts(routed));
    }

    [Fact]
    public void Choosing_every_provider_returns_the_same_array_and_choosing_none_returns_none()
    {
        var all = _factory.Compile("all.script-router", "Providers");
        var none = _factory.Compile("none.script-router", "Providers.Where(p => p.Port == 1)");
        var providers = ScriptKit.Providers();

        Assert.Same(providers, all.Route(providers, ScriptKit.Find(1, "east")));
        Assert.Empty(none.Route(providers, ScriptKit.Find(1, "east")));
    }

    [Fact]
    public void Many_providers_are_matched_through_an_index_and_a_new_provider_array_is_seen()
    {
        var router = _factory.Compile("many.script-router", SameRegion, ScriptKit.EastConsumer);
        var many = ScriptKit.Providers(40);
        var few = ScriptKit.Providers(4);

        Assert.Equal(20, router.Route(many, ScriptKit.Find(1, "east")).Length);
        Assert.Equal("10.0.0.1,10.0.0.3", ScriptKit.Hosts(router.Route(few, ScriptKit.Find(1, "east"))));
        Assert.Equal(20, router.Route(many, ScriptKit.Find(1, "east")).Length);
    }

    [Fact]
    public void The_same_text_is_compiled_once()
    {
        Assert.Same(RouteScriptCompiler.Compile(SameRegion), RouteScriptCompiler.Compile(SameRegion));
    }

    [Fact]
    public void A_script_that_throws_leaves_the_providers_unchanged_and_is_logged_once_with_the_rule_key()
    {
        var logs = new CapturingLoggerFactory();
        var router = new ScriptRouterFactory(logs).Compile("broken.script-router", "Providers.Where(p => p.Metadata[\"zone\"] == \"a\")");
        var providers = ScriptKit.Providers();

        for (var i = 0; i < 3; i++)
        {
            Assert.Same(providers, router.Route(providers, ScriptKit.Find(i, "east")));
        }

        var entry = Assert.Single(logs.Entries);
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Warning, entry.Level);
        Assert.Contains("broken.script-router", entry.Message);
        Assert.IsType<KeyNotFoundException>(entry.Exception);
    }

    [Fact]
    public void A_script_that_returns_null_leaves_the_providers_unchanged_and_is_logged()
    {
        var logs = new CapturingLoggerFactory();
        var router = new ScriptRouterFactory(logs).Compile("null.script-router", "Method == \"List\" ? null : Providers.Take(1)");
        var providers = ScriptKit.Providers();

        Assert.Same(providers, router.Route(providers, ScriptKit.List("books")));
        Assert.Single(router.Route(providers, ScriptKit.Find(1, "east")));
        Assert.Contains("null.script-router", Assert.Single(logs.Entries).Message);
    }

    [Fact]
    public void A_compile_error_names_the_rule_the_line_and_the_column()
    {
        const string script = """
            var region = Consumer.Parameters["region"];
            return Providers.Where(p => p.Metadata["region"] == regoin);
            """;

        var error = Assert.Throws<RoutingRuleException>(() => _factory.Compile("typo.script-router", script));

        Assert.Equal("typo.script-router", error.RuleKey);
        Assert.Contains("line 2:53: CS0103", error.Message);
        Assert.Contains("regoin", error.Message);
    }

    [Fact]
    public void A_compile_error_in_a_final_expression_keeps_its_own_line_and_column()
    {
        const string script = """
            // hosts above port 1
            Providers.Where(p => p.Prot > 1)
            """;

        var error = Assert.Throws<RoutingRuleException>(() => _factory.Compile("expr.script-router", script));

        Assert.Contains("line 2:24: CS1061", error.Message);
    }

    [Fact]
    public void A_script_that_does_not_return_says_how_to_end_it()
    {
        var error = Assert.Throws<RoutingRuleException>(() => _factory.Compile("noreturn.script-router", "var all = Providers.ToList();"));

        Assert.Contains("must end with an expression", error.Message);
    }
}
