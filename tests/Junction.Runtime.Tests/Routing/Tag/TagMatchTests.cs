using Junction.Invocation;
using Junction.Routing.Tag;
using static Junction.Runtime.Tests.Routing.Tag.TagKit;

namespace Junction.Runtime.Tests.Routing.Tag;

/// <summary>v3.0 <c>match</c> tags: which providers each kind of match selects, and when matches are ignored.</summary>
public class TagMatchTests
{
    private static IProviderInvoker[] Providers() =>
    [
        Provider("gray", "10.0.0.1:1", ("env", "gray")),
        Provider("grayscale", "10.0.0.2:1", ("env", "grayscale")),
        Provider("blank", "10.0.0.3:1", ("env", "")),
        Provider("absent", "10.0.0.4:1"),
        Provider("Gray", "10.0.0.5:1", ("env", "Gray")),
    ];

    [Theory]
    [InlineData("exact: gray", "gray")]
    [InlineData("prefix: gray", "gray,grayscale")]
    [InlineData("regex: gr.y", "gray")]                        // the whole value must match
    [InlineData("regex: '[gG]ray.*'", "gray,grayscale,Gray")]
    [InlineData("wildcard: '*'", "gray,grayscale,blank,Gray")] // any present value
    [InlineData("wildcard: gray", "gray")]                     // only * is special
    [InlineData("wildcard: 'gr*'", "")]                        // … so this is a literal that nothing equals
    [InlineData("empty: ''", "blank,absent")]                  // absent counts as empty (Dubbo's ParamMatch says no; see TagStringMatch)
    [InlineData("noempty: ''", "gray,grayscale,Gray")]
    [InlineData("exact: GRAY", "")]                            // case-sensitive
    public void Each_kind_of_match_selects_the_providers_it_describes(string value, string expected)
    {
        var router = Router(Rule("  - name: t\n    match: [{key: env, value: {" + value + "}}]"));

        Assert.Equal(expected, router.RouteNames(Providers(), Call("t", force: "true")));
    }

    [Fact]
    public void Every_match_entry_must_hold()
    {
        IProviderInvoker[] providers =
        [
            Provider("both", "10.0.0.1:1", ("env", "gray"), ("region", "bj")),
            Provider("env", "10.0.0.2:1", ("env", "gray"), ("region", "sh")),
            Provider("none", "10.0.0.3:1"),
        ];
        var router = Router(Rule("""
              - name: t
                match:
                  - {key: env, value: {exact: gray}}
                  - {key: region, value: {prefix: b}}
            """));

        Assert.Equal("both", router.RouteNames(providers, Call("t")));
        Assert.Equal("env,none", router.RouteNames(providers, Call()));
    }

    [Fact]
    public void A_match_tag_names_every_provider_at_a_matching_address()
    {
        // Dubbo resolves a match tag to host:port addresses, so a second service at the same address carries it too.
        IProviderInvoker[] providers =
        [
            Provider("matched", "10.0.0.1:20880", ("env", "gray")),
            Provider("neighbour", "10.0.0.1:20880"),
            Provider("elsewhere", "10.0.0.1:20881"),
        ];
        var router = Router(Rule("""
              - name: t
                match: [{key: env, value: {exact: gray}}]
            """));

        Assert.Equal("matched,neighbour", router.RouteNames(providers, Call("t")));
    }

    [Fact]
    public void A_match_tag_no_provider_satisfies_is_unset_so_static_tags_answer()
    {
        IProviderInvoker[] providers = [Tagged("static", "10.0.0.1:1", "t"), Provider("plain", "10.0.0.2:1")];
        var router = Router(Rule("""
              - name: t
                match: [{key: env, value: {exact: nobody}}]
            """, force: true));

        Assert.Equal("static", router.RouteNames(providers, Call("t")));
    }

    [Theory]
    [InlineData("v2.7", "static")]
    [InlineData("", "static")]
    [InlineData("v3.0", "matched")]
    [InlineData("v3.1", "matched")]
    [InlineData("3.0", "matched")]
    public void Matches_are_honoured_from_config_version_3_0(string version, string expected)
    {
        IProviderInvoker[] providers = [Provider("matched", "10.0.0.1:1", ("env", "gray")), Tagged("static", "10.0.0.2:1", "t")];
        var yaml = Rule("""
              - name: t
                match: [{key: env, value: {exact: gray}}]
            """, configVersion: version);

        var rule = TagRuleDocument.Parse(RuleKey, yaml);

        Assert.Equal(expected, new TagRouter(Consumer(), rule, RuleKey).RouteNames(providers, Call("t")));
        Assert.Equal(expected == "static", rule.Warnings.Any(w => w.Contains("needs configVersion v3.0", StringComparison.Ordinal)));
    }

    [Fact]
    public void Addresses_win_over_a_match_on_the_same_tag()
    {
        IProviderInvoker[] providers = [Provider("listed", "10.0.0.1:1"), Provider("matched", "10.0.0.2:1", ("env", "gray"))];
        var rule = TagRuleDocument.Parse(RuleKey, Rule("""
              - name: t
                addresses: ["10.0.0.1"]
                match: [{key: env, value: {exact: gray}}]
            """));

        Assert.Equal("listed", new TagRouter(Consumer(), rule, RuleKey).RouteNames(providers, Call("t")));
        Assert.Contains("tag 't' has both 'addresses' and 'match'; the addresses are used and the match is ignored", rule.Warnings);
    }

    [Fact]
    public void Match_keys_read_the_provider_as_condition_rules_do()
    {
        IProviderInvoker[] providers = [Provider("a", "10.0.0.1:20880"), Provider("b", "10.0.0.2:20881")];
        var router = Router(Rule("""
              - name: t
                match: [{key: port, value: {exact: "20881"}}]
            """));

        Assert.Equal("b", router.RouteNames(providers, Call("t")));
    }
}
