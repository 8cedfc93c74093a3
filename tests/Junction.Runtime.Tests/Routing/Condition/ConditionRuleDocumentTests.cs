using Junction.Routing;
using Junction.Routing.Condition;

namespace Junction.Runtime.Tests.Routing.Condition;

/// <summary>Dubbo's condition-rule documents (DUBBO-SEMANTICS §1.5–1.6) read into routers, and the documents that cannot be used.</summary>
public class ConditionRuleDocumentTests
{
    private const string V30Sample = """
        configVersion: v3.0
        scope: service
        key: org.apache.dubbo.samples.governance.api.DemoService
        force: true
        runtime: true
        enabled: true
        priority: 1
        conditions:
          - method=sayHello => region=hangzhou
          - method=sayHi => address=*:20881
        """;

    private const string V31Sample = """
        configVersion: v3.1
        scope: service
        key: org.apache.dubbo.samples.CommentService
        force: false
        runtime: true
        enabled: true
        conditions:
          - from: {match: "env=gray"}
            to:
              - {match: "env!=gray", weight: 100}
              - {match: "env=gray",  weight: 900}
          - from: {match: "region=$region & version=v1"}
            to: [{match: "region=$region & version=v1"}]
          - from: {match: "host=127.0.0.1"}
          - to: [{match: "host!=127.0.0.1"}]
        """;

    private static IReadOnlyList<RuleRouter> Parse(string yaml, RouteConsumer? consumer = null, Func<int, int>? next = null)
        => ConditionRuleDocument.Parse(Routes.Key, yaml, consumer ?? Routes.Consumer, next, logger: null);

    private static string Error(string yaml) => Assert.Throws<RoutingRuleException>(() => Parse(yaml)).Reason;

    [Fact]
    public void A_v30_document_gives_one_forced_router_per_condition_in_order()
    {
        var routers = Parse(V30Sample.Replace("sayH", "SayH", StringComparison.Ordinal));

        Assert.Equal(2, routers.Count);
        Assert.All(routers, r => Assert.True(((ConditionRouter)r).Rule.Force));
        Assert.Equal($"condition rule 'method=SayHello => region=hangzhou' of {Routes.Key}", routers[0].Description);
        Assert.Equal("10.0.0.1,10.0.0.2", Routes.Hosts(Routes.Chain(routers, Routes.Fleet(), Routes.SayHello())));
        Assert.Equal("10.1.0.3", Routes.Hosts(Routes.Chain(routers, Routes.Fleet(), Routes.SayHi())));
        Assert.Equal(4, Routes.Chain(routers, Routes.Fleet(), Routes.Find()).Length);
    }

    [Fact]
    public void A_v30_document_copied_from_Dubbo_routes_as_it_does_there()
    {
        // Dubbo's sample names its methods in camel case; ours are SayHello, so the rules never apply and nothing changes.
        var providers = Routes.Fleet();

        Assert.Same(providers, Routes.Chain(Parse(V30Sample), providers, Routes.SayHello()));
    }

    [Theory]
    [InlineData("conditions: ['=> region=mars']", 4)]
    [InlineData("force: false\nconditions: ['=> region=mars']", 4)]
    [InlineData("force: true\nconditions: ['=> region=mars']", 0)]
    [InlineData("configVersion: v2.7\nforce: TRUE\nconditions: ['=> region=mars']", 0)]
    public void Force_defaults_to_false(string yaml, int left)
        => Assert.Equal(left, Routes.Chain(Parse(yaml), Routes.Fleet(), Routes.Find()).Length);

    [Theory]
    [InlineData("enabled: false\nconditions: ['=> false']")]
    [InlineData("enabled: false\nconditions: ['host = & x']\nforse: 1")]
    public void A_disabled_document_gives_no_routers_even_when_the_rest_is_broken(string yaml)
        => Assert.Empty(Parse(yaml));

    [Fact]
    public void A_v31_document_gives_one_router_per_condition()
    {
        var routers = Parse(V31Sample);

        Assert.Equal(4, routers.Count);
        Assert.All(routers, r => Assert.IsType<MultiDestinationConditionRouter>(r));
        Assert.Equal($"condition rule from 'env=gray' to 'env!=gray' (weight 100), 'env=gray' (weight 900) of {Routes.Key}", routers[0].Description);
        Assert.Equal($"condition rule for every consumer to 'host!=127.0.0.1' (weight 100) of {Routes.Key}", routers[3].Description);
        Assert.Equal((RouteDependency)4, routers[0].Dependency);
        Assert.Equal((RouteDependency)0, routers[1].Dependency);
    }

    [Fact]
    public void V31_references_are_read_on_the_to_side_only()
    {
        var router = Parse(V31Sample)[1];
        var providers = Routes.Fleet();
        var literal = new RouteConsumer("shop-web", "10.0.0.5", new Dictionary<string, string> { ["region"] = "$region", ["version"] = "v1" });

        // from: region=$region is the text "$region", so an ordinary consumer is not matched.
        Assert.Same(providers, router.Route(providers, Routes.Find()));

        // A consumer whose region is literally "$region" is, and to: resolves $region to that text, which no provider
        // has: unforced, every provider stays.
        Assert.Same(providers, Parse(V31Sample, literal)[1].Route(providers, Routes.Find()));
        Assert.Empty(Parse(V31Sample.Replace("force: false", "force: true", StringComparison.Ordinal), literal)[1].Route(providers, Routes.Find()));
    }

    [Fact]
    public void V31_from_without_to_switches_the_matching_consumers_off()
    {
        var local = new RouteConsumer("shop-web", "127.0.0.1");
        var providers = Routes.Fleet();

        Assert.Empty(Parse(V31Sample, local)[2].Route(providers, Routes.Find()));
        Assert.Same(providers, Parse(V31Sample)[2].Route(providers, Routes.Find()));
    }

    [Fact]
    public void V31_without_from_applies_to_every_consumer()
    {
        var providers = Routes.Fleet();
        providers[3] = Routes.Provider("127.0.0.1", 20880, "tcp");

        Assert.Equal("10.0.0.1,10.0.0.2,10.1.0.3", Routes.Hosts(Parse(V31Sample)[3].Route(providers, Routes.Find())));
    }

    [Theory]
    [InlineData("conditions: [{from: {match: 'env=gray'}, to: [{match: ''}]}]", 4)]
    [InlineData("conditions: [{from: {match: 'env=gray'}, to: [{}]}]", 4)]
    [InlineData("conditions: [{from: {match: 'true'}, to: [{match: 'region=mars'}]}]", 4)]
    [InlineData("force: true\nconditions: [{from: {match: 'env=gray'}, to: [{match: 'region=mars'}, {match: 'env=x'}]}]", 0)]
    [InlineData("conditions: [{from: {match: 'env=prod'}, to: []}]", 4)]
    [InlineData("conditions: [{from: {match: 'env=gray'}, to: []}]", 0)]
    [InlineData("conditions: [{from: {}, to: [{match: 'env=prod'}]}]", 2)]
    public void V31_destinations(string yaml, int left)
        => Assert.Equal(left, Routes.Chain(Parse("configVersion: v3.1\n" + yaml), Routes.Fleet(), Routes.Find()).Length);

    [Fact]
    public void V31_weights_share_the_calls_in_proportion()
    {
        var random = new Random(20240601);
        var router = Parse(V31Sample, next: random.Next)[0];
        var providers = Routes.Fleet();
        const int Calls = 20_000;
        var gray = 0;
        for (var i = 0; i < Calls; i++)
        {
            var result = router.Route(providers, Routes.Find());
            if (Routes.Hosts(result) == "10.0.0.1")
            {
                gray++;
            }
            else
            {
                Assert.Equal("10.0.0.2,10.1.0.3", Routes.Hosts(result));
            }
        }

        // Weight 900 of 1000: expect 90%, within 5 standard deviations of a binomial sample of this size.
        var tolerance = 5 * Math.Sqrt(Calls * 0.9 * 0.1);
        Assert.InRange(gray, (Calls * 0.9) - tolerance, (Calls * 0.9) + tolerance);
    }

    [Fact]
    public void V31_equal_weights_split_exactly_without_Dubbos_off_by_one()
    {
        var draws = new Queue<int>([0, 1, 0, 1]);
        var yaml = "configVersion: v3.1\nconditions: [{to: [{match: 'host=10.0.0.1', weight: 1}, {match: 'host=10.0.0.2', weight: 1}]}]";
        var router = Parse(yaml, next: n => n == 2 ? draws.Dequeue() : throw new InvalidOperationException($"drew from {n}"))[0];
        var providers = Routes.Fleet();

        var picks = Enumerable.Range(0, 4).Select(_ => Routes.Hosts(router.Route(providers, Routes.Find()))).ToArray();

        Assert.Equal(["10.0.0.1", "10.0.0.2", "10.0.0.1", "10.0.0.2"], picks);
    }

    [Fact]
    public void V31_destinations_without_providers_are_left_out_of_the_draw()
    {
        var yaml = "configVersion: v3.1\nconditions: [{to: [{match: 'region=mars', weight: 999}, {match: 'host=10.0.0.2', weight: 1}]}]";
        var router = Parse(yaml, next: _ => throw new InvalidOperationException("one destination needs no draw"))[0];

        Assert.Equal("10.0.0.2", Routes.Hosts(router.Route(Routes.Fleet(), Routes.Find())));
    }

    [Theory]
    [InlineData("conditions: [a", "the document is not valid YAML at line 2, column 1: While parsing a flow sequence")]
    [InlineData("force: true\nforce: false\nconditions: ['=> false']", "the document is not valid YAML at line 2, column 1: Duplicate key force")]
    [InlineData("", "the document is empty")]
    [InlineData("- '=> false'", "the document must be a mapping with a conditions: list, not a list (line 1)")]
    [InlineData("a: 1\n---\nb: 2", "the text holds 2 YAML documents")]
    [InlineData("force: true", "the document has no conditions; add them, e.g. conditions: [\"method=find* => host=10.0.0.*\"]")]
    [InlineData("conditions: []", "conditions is an empty list (line 1)")]
    [InlineData("conditions: '=> false'", "conditions must be a list, not a single value (line 1)")]
    [InlineData("forse: true\nconditions: ['=> false']", "the document has an unknown key \"forse\" (line 1); the keys are configVersion, scope, key, force, runtime, enabled, priority, conditions")]
    [InlineData("force: yes\nconditions: ['=> false']", "force is \"yes\" (line 1); write true or false")]
    [InlineData("priority: high\nconditions: ['=> false']", "priority is \"high\" (line 1); write a whole number")]
    [InlineData("scope: global\nconditions: ['=> false']", "scope is \"global\" (line 1); write service or application")]
    [InlineData("configVersion: v3.2\nconditions: ['=> false']", "configVersion \"v3.2\" is newer than the formats Junction reads, v3.0 and v3.1 (line 1); Dubbo ignores such a rule silently")]
    [InlineData("configVersion: v4.0\nconditions: ['=> false']", "configVersion \"v4.0\" is newer")]
    [InlineData("configVersion: latest\nconditions: ['=> false']", "configVersion \"latest\" is not a version (line 1); write v3.0")]
    [InlineData("conditions:\n  - [a, b]", "conditions[0] must be a rule string such as \"method=find* => host=10.0.0.*\", not a list (line 2)")]
    [InlineData("conditions:\n  - from: {match: a=b}", "conditions[0] must be a rule string such as \"method=find* => host=10.0.0.*\", not a mapping (line 2); from/to conditions need configVersion: v3.1")]
    public void An_unusable_document_says_what_is_wrong_and_where(string yaml, string reason)
        => Assert.StartsWith(reason, Error(yaml), StringComparison.Ordinal);

    [Fact]
    public void A_condition_that_does_not_parse_names_its_index_its_text_and_the_column()
    {
        var error = Assert.Throws<RoutingRuleException>(() => Parse("conditions:\n  - method=Find => host=10.*\n  - host = & x"));

        Assert.Equal(Routes.Key, error.RuleKey);
        Assert.Equal("conditions[1] (line 3) does not parse: Condition rule \"host = & x\" does not parse at column 6: expected a value after \"=\", found \"&\"", error.Reason);
        Assert.Equal(6, Assert.IsType<ConditionRuleException>(error.InnerException).Column);
        Assert.StartsWith($"Routing rule '{Routes.Key}' cannot be used: conditions[1]", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("conditions: [{from: {match: 'env==gray'}}]", "conditions[0].from.match (line 2) does not parse: Condition rule \"env==gray\" does not parse at column 4: unexpected \"==\" after \"env\"")]
    [InlineData("conditions: [{to: [{match: 'env=gray & x'}]}]", "conditions[0].to[0].match (line 2) does not parse: Condition rule \"env=gray & x\" does not parse at column 12: key \"x\" has no value")]
    [InlineData("conditions: [{to: [{match: 'a=1 => b=2'}]}]", "conditions[0].to[0].match (line 2) does not parse: Condition rule \"a=1 => b=2\" does not parse at column 5: a match is one condition")]
    [InlineData("conditions: [{to: [{match: 'false'}]}]", "conditions[0].to[0].match is false (line 2); in a v3.1 rule Dubbo reads it as every provider")]
    [InlineData("conditions: [{to: [{match: 'env=gray', weight: 0}]}]", "conditions[0].to[0].weight is 0 (line 2); write a whole number from 1 to 1000000 (Dubbo reads 0 or less as 100")]
    [InlineData("conditions: [{to: [{match: 'env=gray', weight: heavy}]}]", "weight is \"heavy\" (line 2); write a whole number")]
    [InlineData("conditions: [{}]", "conditions[0] has neither from nor to (line 2)")]
    [InlineData("conditions: ['=> false']", "conditions[0] must be a mapping with from and to (line 2)")]
    [InlineData("conditions: [{form: {match: a=b}, to: []}]", "conditions[0] has an unknown key \"form\" (line 2); the keys are from, to")]
    [InlineData("conditions: [{to: {match: a=b}}]", "conditions[0].to must be a list such as [{match: \"env=gray\", weight: 100}], not a mapping (line 2)")]
    [InlineData("conditions: [{from: 'a=b'}]", "conditions[0].from must be a mapping such as {match: \"env=gray\"}, not a single value (line 2)")]
    [InlineData("conditions: [{to: [{match: a=b, priority: 1}]}]", "conditions[0].to[0] has an unknown key \"priority\" (line 2); the keys are match, weight")]
    public void An_unusable_v31_condition_says_what_is_wrong_and_where(string yaml, string reason)
        => Assert.StartsWith(reason, Error("configVersion: v3.1\n" + yaml), StringComparison.Ordinal);
}
