using Junction.Invocation;
using Junction.Routing;
using Junction.Routing.Tag;
using static Junction.Runtime.Tests.Routing.Tag.TagKit;

namespace Junction.Runtime.Tests.Routing.Tag;

/// <summary>Hierarchical tags, where the tag and force flag come from, and what the router reuses between calls.</summary>
public class TagRouterTests
{
    private static readonly string Levels = Rule("""
          - {name: "gray|bj|zone1", addresses: ["10.0.0.1"]}
          - {name: "gray|bj", addresses: ["10.0.0.2"]}
          - {name: "gray", addresses: ["10.0.0.3"]}
          - {name: "gray|sh", addresses: ["10.0.0.99"]}
        """);

    private static IProviderInvoker[] LevelProviders() =>
    [
        Provider("zone1", "10.0.0.1:20880"),
        Provider("bj", "10.0.0.2:20880"),
        Provider("gray", "10.0.0.3:20880"),
        Provider("plain", "10.0.0.4:20880"),
        Tagged("static", "10.0.0.5:20880", "blue|x"),
    ];

    [Theory]
    [InlineData("gray|bj|zone1", null, "zone1")]
    [InlineData("gray|bj|zone2", null, "bj")]          // zone2 unset: one level up
    [InlineData("gray|tj|zone9", null, "gray")]        // two levels up
    [InlineData("gray", null, "gray")]
    [InlineData("gray|bj|zone2", "true", "")]          // forced: exact lookup only, no static gray|bj|zone2, nothing
    [InlineData("gray|bj|zone1", "true", "zone1")]
    [InlineData("blue|x", null, "static")]             // no level in the rule: static tag, exactly
    [InlineData("blue|y", null, "plain")]              // static tags are not hierarchical: fallback to untagged
    [InlineData("gray|sh|a", null, "plain")]           // gray|sh is set but its address is gone: no further level, fallback
    public void Hierarchical_tags_fall_back_one_level_at_a_time_unless_forced(string tag, string? force, string expected)
    {
        var router = Router(Levels);

        Assert.Equal(expected, router.RouteNames(LevelProviders(), Call(tag, force)));
    }

    [Fact]
    public void The_attachment_tag_wins_over_the_consumer_tag_and_an_empty_one_does_not()
    {
        var providers = new IProviderInvoker[] { Tagged("g", "10.0.0.1:1", "gray"), Tagged("b", "10.0.0.2:1", "blue"), Provider("u", "10.0.0.3:1") };
        var router = Router(consumer: Consumer(tag: "gray"));

        Assert.Equal("b", router.RouteNames(providers, Call("blue")));
        Assert.Equal("g", router.RouteNames(providers, Call("")));
        Assert.Equal("g", router.RouteNames(providers, Call()));
    }

    [Theory]
    [InlineData(null, null, "u")]
    [InlineData("true", null, "")]
    [InlineData("TRUE", null, "")]
    [InlineData(null, "true", "")]
    [InlineData("false", "true", "u")]  // a non-empty attachment overrides the consumer
    [InlineData("", "true", "")]        // an empty one does not
    [InlineData("yes", null, "u")]      // Java's parseBoolean: only "true" is true
    public void Force_comes_from_the_attachment_else_the_consumer(string? attachment, string? consumer, string expected)
    {
        var providers = new IProviderInvoker[] { Tagged("b", "10.0.0.2:1", "blue"), Provider("u", "10.0.0.3:1") };
        var router = Router(consumer: Consumer(force: consumer));

        Assert.Equal(expected, router.RouteNames(providers, Call("gray", attachment)));
    }

    [Fact]
    public void A_disabled_rule_routes_by_static_tags_only()
    {
        var providers = new IProviderInvoker[] { Tagged("s", "10.0.0.1:1", "gray"), Provider("u", "10.0.0.2:1") };
        var yaml = Rule("""  - {name: gray, addresses: ["10.0.0.2"]}""").Replace("enabled: true", "enabled: false", StringComparison.Ordinal);
        var router = Router(yaml);

        Assert.Equal("s", router.RouteNames(providers, Call("gray")));
        Assert.Equal("u", router.RouteNames(providers, Call()));
        Assert.Contains("rule disabled", router.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_tags_or_rule_the_providers_pass_through_untouched_and_without_allocation()
    {
        IProviderInvoker[] providers = [Provider("a", "10.0.0.1:1"), Provider("b", "10.0.0.2:1")];
        var router = Router();
        var untagged = Call();
        var tagged = Call("gray");

        Assert.Same(providers, router.Route(providers, untagged));
        Assert.Same(providers, router.Route(providers, tagged));
        var before = GC.GetAllocatedBytesForCurrentThread();
        var first = router.Route(providers, untagged);
        var second = router.Route(providers, tagged);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Same(providers, first);
        Assert.Same(providers, second);
        Assert.Equal(0, allocated);
        Assert.Empty(router.Route(providers, Call("gray", force: "true")));
    }

    [Fact]
    public void Untagged_calls_reuse_one_result_per_provider_array_and_keep_the_input_order()
    {
        IProviderInvoker[] providers = [Provider("u3", "10.0.0.3:1"), Tagged("t", "10.0.0.1:1", "gray"), Provider("u1", "10.0.0.1:2"), Provider("u2", "10.0.0.2:1")];
        var router = Router(Rule("""  - {name: canary, addresses: ["10.0.0.2"]}"""));

        var call = Call();
        var first = router.Route(providers, call);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var again = router.Route(providers, call);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal("u3,u1", string.Join(",", first.Select(p => ((TagProvider)p).Name)));
        Assert.Same(first, again);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void A_new_provider_array_is_read_afresh()
    {
        var router = Router(Rule("""
              - name: beta
                match: [{key: env, value: {exact: beta}}]
            """));
        IProviderInvoker[] before = [Provider("a", "10.0.0.1:1", ("env", "beta")), Provider("b", "10.0.0.2:1")];
        IProviderInvoker[] after = [Provider("a", "10.0.0.1:1"), Provider("b", "10.0.0.2:1", ("env", "beta"))];

        Assert.Equal("a", router.RouteNames(before, Call("beta")));
        Assert.Equal("b", router.RouteNames(after, Call("beta")));
        Assert.Equal("a", router.RouteNames(before, Call("beta")));
    }

    [Fact]
    public void Its_result_depends_on_the_request_tag_and_it_describes_its_rule()
    {
        var router = Router(Rule("""
              - {name: gray, addresses: ["10.0.0.1"]}
              - {name: beta, addresses: ["10.0.0.2"]}
            """, force: true));

        Assert.Equal(RouteDependency.RequestTag, router.Dependency);
        Assert.Equal(TagRouter.DefaultPriority, router.Priority);
        Assert.Equal($"tag rule '{RuleKey}' (tags gray, beta; force=true)", router.Description);
        Assert.Equal("tag router of com.foo.Bar (static tags only)", new TagRouter(Consumer(), null, "com.foo.Bar").Description);
    }

    [Fact]
    public void No_providers_in_means_the_same_empty_array_out()
    {
        IProviderInvoker[] none = [];

        Assert.Same(none, Router(Rule("""  - {name: gray, addresses: ["10.0.0.1"]}""")).Route(none, Call("gray")));
    }
}
