using static Junction.Runtime.Tests.Routing.Tag.TagKit;

namespace Junction.Runtime.Tests.Routing.Tag;

/// <summary>
/// The whole fallback matrix of DUBBO-SEMANTICS §3: where the request tag comes from (none, attachment, consumer) ×
/// where force comes from (none, attachment, consumer) × which providers are there × which dynamic rule applies.
/// </summary>
/// <remarks>
/// Providers: S has static tag gray (10.0.0.1), O static tag blue (10.0.0.4), U1 (10.0.0.2) and U2 (10.0.0.3) none.
/// Rules: none; "other" tags only 10.0.0.9 as canary (so the rule lacks gray); "gray" tags 10.0.0.2 (U1) as gray;
/// "gray-force" is that rule with force: true.
/// </remarks>
public class TagRouterMatrixTests
{
    private static readonly Dictionary<string, string?> Rules = new()
    {
        ["none"] = null,
        ["other"] = Rule("""  - {name: canary, addresses: ["10.0.0.9"]}"""),
        ["gray"] = Rule("""  - {name: gray, addresses: ["10.0.0.2"]}"""),
        ["gray-force"] = Rule("""  - {name: gray, addresses: ["10.0.0.2"]}""", force: true),
    };

    /// <summary>
    /// Expected providers by (request tag gray?, forced?, provider set, rule), worked out from the §3 text:
    /// static only: T ⇒ static T, else (not forced) untagged; no tag ⇒ untagged.
    /// rule has T ⇒ its providers if any or rule force; rule lacks T ⇒ static T; then empty only if forced, else the
    /// providers in no dynamic tag and without static tag; no tag ⇒ those same providers.
    /// </summary>
    private static readonly Dictionary<(bool Tag, bool Forced, string Providers, string Rule), string> Expected = new()
    {
        // No request tag: only providers without any tag (force does not matter).
        [(false, false, "tagged", "none")] = "",
        [(false, false, "untagged", "none")] = "U2",
        [(false, false, "mixed", "none")] = "U1,U2",
        [(false, false, "tagged", "other")] = "",
        [(false, false, "untagged", "other")] = "U2",
        [(false, false, "mixed", "other")] = "U1,U2",
        [(false, false, "tagged", "gray")] = "",
        [(false, false, "untagged", "gray")] = "U2",
        [(false, false, "mixed", "gray")] = "U2",
        [(false, false, "tagged", "gray-force")] = "",
        [(false, false, "untagged", "gray-force")] = "U2",
        [(false, false, "mixed", "gray-force")] = "U2",

        // Tag gray, not forced.
        [(true, false, "tagged", "none")] = "S",
        [(true, false, "untagged", "none")] = "U2",
        [(true, false, "mixed", "none")] = "S",
        [(true, false, "tagged", "other")] = "S",
        [(true, false, "untagged", "other")] = "U2",
        [(true, false, "mixed", "other")] = "S",
        [(true, false, "tagged", "gray")] = "",      // the rule's gray address is gone; static S is not consulted
        [(true, false, "untagged", "gray")] = "U2",  // … and the fallback takes untagged providers
        [(true, false, "mixed", "gray")] = "U1",
        [(true, false, "tagged", "gray-force")] = "",
        [(true, false, "untagged", "gray-force")] = "", // rule force: no fallback
        [(true, false, "mixed", "gray-force")] = "U1",

        // Tag gray, forced.
        [(true, true, "tagged", "none")] = "S",
        [(true, true, "untagged", "none")] = "",
        [(true, true, "mixed", "none")] = "S",
        [(true, true, "tagged", "other")] = "S",
        [(true, true, "untagged", "other")] = "",
        [(true, true, "mixed", "other")] = "S",
        [(true, true, "tagged", "gray")] = "",
        [(true, true, "untagged", "gray")] = "",
        [(true, true, "mixed", "gray")] = "U1",
        [(true, true, "tagged", "gray-force")] = "",
        [(true, true, "untagged", "gray-force")] = "",
        [(true, true, "mixed", "gray-force")] = "U1",
    };

    public static TheoryData<string, string, string, string> Matrix()
    {
        var data = new TheoryData<string, string, string, string>();
        foreach (var tagFrom in new[] { "none", "attachment", "consumer" })
        {
            foreach (var forceFrom in new[] { "none", "attachment", "consumer" })
            {
                foreach (var providers in new[] { "tagged", "untagged", "mixed" })
                {
                    foreach (var rule in Rules.Keys)
                    {
                        data.Add(tagFrom, forceFrom, providers, rule);
                    }
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public void Routes_as_Dubbo_for_every_combination(string tagFrom, string forceFrom, string providerSet, string rule)
    {
        var consumer = Consumer(tag: tagFrom == "consumer" ? "gray" : null, force: forceFrom == "consumer" ? "true" : null);
        var call = Call(tag: tagFrom == "attachment" ? "gray" : null, force: forceFrom == "attachment" ? "true" : null);
        var router = new Junction.Routing.Tag.TagRouter(consumer, Rules[rule] is { } yaml ? Junction.Routing.Tag.TagRuleDocument.Parse(RuleKey, yaml) : null, RuleKey);

        var routed = router.RouteNames(Providers(providerSet), call);

        var tagged = tagFrom != "none";
        Assert.Equal(Expected[(tagged, tagged && forceFrom != "none", providerSet, rule)], routed);
    }

    private static Invocation.IProviderInvoker[] Providers(string set)
    {
        var s = Tagged("S", "10.0.0.1:20880", "gray");
        var o = Tagged("O", "10.0.0.4:20880", "blue");
        var u1 = Provider("U1", "10.0.0.2:20880");
        var u2 = Provider("U2", "10.0.0.3:20880");
        return set switch
        {
            "tagged" => [s, o],
            "untagged" => [u2],
            _ => [s, u1, o, u2],
        };
    }
}
