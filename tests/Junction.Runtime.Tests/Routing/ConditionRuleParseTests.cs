using System.Collections;
using Junction.Routing;

namespace Junction.Runtime.Tests.Routing;

/// <summary>What a rule means once parsed: keys, match and mismatch values, blank/true/false parts, force.</summary>
public class ConditionRuleParseTests
{
    /// <summary>Rules from Dubbo's documentation and from its ConditionStateRouterTest, with what they must parse to.</summary>
    public static TheoryData<string, string> DubboRules() => new()
    {
        // DUBBO-SEMANTICS §1.1: whitespace is free, keys AND, values of one key OR.
        { "host = 1.2.3.4", "* => host=1.2.3.4" },
        { "host=1.2.3.4 & host!=1.2.3.5", "* => host=1.2.3.4!=1.2.3.5" },
        // §1.5: the conditions of the YAML example.
        { "method=sayHello => region=hangzhou", "method=sayHello => region=hangzhou" },
        { "method=sayHi => address=*:20881", "method=sayHi => address=*:20881" },
        // §1.6: v3.1 from/to matches use the same grammar.
        { "env=gray", "* => env=gray" },
        { "env!=gray", "* => env!=gray" },
        { "region=$region & version=v1", "* => region=$region & version=v1" },
        { "host=127.0.0.1", "* => host=127.0.0.1" },
        { "host!=127.0.0.1", "* => host!=127.0.0.1" },
        // ConditionStateRouterTest.
        { " => host = 1.2.3.4", "* => host=1.2.3.4" },
        { "host = 2.2.2.2,1.1.1.1,3.3.3.3 => host = 1.2.3.4", "host=2.2.2.2,1.1.1.1,3.3.3.3 => host=1.2.3.4" },
        { "host = 2.2.2.2,1.1.1.1,3.3.3.3 & host !=1.1.1.1 => host = 1.2.3.4", "host=2.2.2.2,1.1.1.1,3.3.3.3!=1.1.1.1 => host=1.2.3.4" },
        { "host !=4.4.4.* & host = 2.2.2.2,1.1.1.1,3.3.3.3 => host = 1.2.3.4", "host=2.2.2.2,1.1.1.1,3.3.3.3!=4.4.4.* => host=1.2.3.4" },
        { "host = 2.2.2.2,1.1.1.*,3.3.3.3 & host != 1.1.1.1 => host = 1.2.3.4", "host=2.2.2.2,1.1.1.*,3.3.3.3!=1.1.1.1 => host=1.2.3.4" },
        { "host = 127.0.0.1 =>  host = 10.20.3.* & host != 10.20.3.3", "host=127.0.0.1 => host=10.20.3.*!=10.20.3.3" },
        { "host = 127.0.0.1 =>  host = 10.20.3.3  & host != 10.20.3.3", "host=127.0.0.1 => host=10.20.3.3!=10.20.3.3" },
        { "host = 127.0.0.1 =>  host = 10.20.3.2,10.20.3.3,10.20.3.4", "host=127.0.0.1 => host=10.20.3.2,10.20.3.3,10.20.3.4" },
        { "host = 127.0.0.1 =>  serialization = fastjson", "host=127.0.0.1 => serialization=fastjson" },
        { "methods=getFoo => host = 1.2.3.4", "methods=getFoo => host=1.2.3.4" },
        { "methods=getFoo & host!=1.1.1.1 => host = 1.2.3.4", "methods=getFoo & host!=1.1.1.1 => host=1.2.3.4" },
        { "host = 127.0.0.1 & methods = getFoo =>  host = 10.20.3.3", "host=127.0.0.1 & methods=getFoo => host=10.20.3.3" },
        { "host = 127.0.0.1 => false", "host=127.0.0.1 => false" },
        { "host = 127.0.0.1 => ", "host=127.0.0.1 => false" },
        { "true =>  host = 127.0.0.1", "* => host=127.0.0.1" },
        { "host = 127.0.0.1 =>  host = $host", "host=127.0.0.1 => host=$host" },
        { "arguments[0] = a  =>  host = 1.2.3.4", "arguments[0]=a => host=1.2.3.4" },
        { "arguments[10].inner = a  =>  host = 1.2.3.4", "arguments[10].inner=a => host=1.2.3.4" },
        { "arguments[0].inner = 1  =>  host = 1.2.3.4", "arguments[0].inner=1 => host=1.2.3.4" },
        { "attachments[foo] = a  =>  host = 1.2.3.4", "attachments[foo]=a => host=1.2.3.4" },
        { "attachments[foo] = a  =>  region = hangzhou", "attachments[foo]=a => region=hangzhou" },
        { "attachments[user_id] = 1~100  =>  region=hangzhou", "attachments[user_id]=1~100 => region=hangzhou" },
        { "attachments[user_id] = ~100  =>  region = hangzhou", "attachments[user_id]=~100 => region=hangzhou" },
        { "when_key=a  =>  not_exist_then_key = any_value", "when_key=a => not_exist_then_key=any_value" },
    };

    [Theory]
    [MemberData(nameof(DubboRules))]
    public void Dubbo_rules_parse_to_the_keys_and_values_Dubbo_reads(string rule, string expected)
    {
        var parsed = ConditionRule.Parse(rule);

        Assert.Equal(expected, RuleText.Describe(parsed));
        Assert.Equal(rule, parsed.Text);
        Assert.Equal(rule, parsed.ToString());
    }

    [Theory]
    [InlineData("=> host=10.0.0.1")]
    [InlineData("  =>host=10.0.0.1")]
    [InlineData("true => host=10.0.0.1")]
    [InlineData("\t true \n=> host=10.0.0.1")]
    [InlineData("host=10.0.0.1")]
    public void A_blank_or_true_when_condition_or_no_arrow_matches_every_call(string rule)
    {
        var parsed = ConditionRule.Parse(rule);

        Assert.True(parsed.MatchesAll);
        Assert.Empty(parsed.When);
        Assert.False(parsed.IsBlacklist);
        Assert.Equal(["10.0.0.1"], parsed.Then["host"].Matches);
    }

    [Theory]
    [InlineData("host=10.0.0.9 =>", "host=10.0.0.9 => false")]
    [InlineData("host=10.0.0.9 =>   ", "host=10.0.0.9 => false")]
    [InlineData("host=10.0.0.9 => false", "host=10.0.0.9 => false")]
    [InlineData("host=10.0.0.9=>false", "host=10.0.0.9 => false")]
    [InlineData("=>", "* => false")]
    [InlineData("true => false", "* => false")]
    [InlineData("false", "* => false")]
    public void A_blank_or_false_then_condition_is_a_blacklist(string rule, string expected)
    {
        var parsed = ConditionRule.Parse(rule);

        Assert.True(parsed.IsBlacklist);
        Assert.Empty(parsed.Then);
        Assert.Equal(expected, RuleText.Describe(parsed));
    }

    [Fact]
    public void True_and_false_are_special_only_as_the_whole_condition_and_only_in_lower_case()
    {
        Assert.Equal("true=1 => false=2", RuleText.Describe(ConditionRule.Parse("true=1 => false=2")));
        Assert.Equal("TRUE=1 => host=FALSE", RuleText.Describe(ConditionRule.Parse("TRUE=1 => host=FALSE")));
    }

    [Fact]
    public void Force_is_carried_and_defaults_to_false()
    {
        Assert.False(ConditionRule.Parse("=> host=1.2.3.4").Force);
        Assert.True(ConditionRule.Parse("=> host=1.2.3.4", force: true).Force);
        Assert.True(ConditionRule.TryParse("=> host=1.2.3.4", force: true, out var forced) && forced.Force);
        Assert.True(ConditionRule.TryParse("=> host=1.2.3.4", out var plain) && !plain.Force);
    }

    [Theory]
    [InlineData("host=a & host=b", "* => host=a,b")]
    [InlineData("host=a host=b", "* => host=a,b")]
    [InlineData("host=a & port=80 & host!=c", "* => host=a!=c & port=80")]
    [InlineData("host=a,b,a & host=b,c", "* => host=a,b,c")]
    [InlineData("host!=a,a & host!=a", "* => host!=a")]
    [InlineData("host=a & host!=a", "* => host=a!=a")]
    [InlineData("host=a,b!=c,d", "* => host=a,b!=c,d")]
    [InlineData("consumer.host=a & host=b", "* => host=a,b")]
    public void Repeated_keys_merge_and_repeated_values_collapse(string rule, string expected)
    {
        Assert.Equal(expected, RuleText.Describe(ConditionRule.Parse(rule)));
    }

    [Theory]
    [InlineData("host=1.2.3.4&host!=1.2.3.5=>port=80", "host=1.2.3.4!=1.2.3.5 => port=80")]
    [InlineData("host\t=\t1.2.3.4\n&\tport != 80\r\n=>\fregion\u000B=\u000Bhz", "host=1.2.3.4 & port!=80 => region=hz")]
    [InlineData("  host  =  a ,  b  ,c  ", "* => host=a,b,c")]
    public void Whitespace_is_free_between_tokens(string rule, string expected)
    {
        Assert.Equal(expected, RuleText.Describe(ConditionRule.Parse(rule)));
    }

    [Fact]
    public void Only_Java_whitespace_separates_tokens()
    {
        // Dubbo's \s is ASCII: a non-breaking space is part of the value.
        var parsed = ConditionRule.Parse("=> host=a\u00A0b");

        Assert.Equal(["a\u00A0b"], parsed.Then["host"].Matches);
    }

    [Fact]
    public void Consumer_and_provider_prefixes_are_removed_from_keys_and_references_but_not_from_other_values()
    {
        var parsed = ConditionRule.Parse("consumer.host = 1.1.1.1 & application = consumer.web => provider.application = provider.orders & region = $consumer.region");

        Assert.Equal("host=1.1.1.1 & application=consumer.web => application=provider.orders & region=$region", RuleText.Describe(parsed));
    }

    [Fact]
    public void Keys_keep_the_order_they_are_written_in()
    {
        var parsed = ConditionRule.Parse("zone=a & application=b & host=c & method=d => z=1 & a=2");

        Assert.Equal(["zone", "application", "host", "method"], parsed.When.Keys);
        Assert.Equal(["z", "a"], parsed.Then.Keys);
    }

    [Theory]
    [InlineData("method=find* => host=10.0.0.*", "method=find* => host=10.0.0.*")]
    [InlineData("=> host=*.3 & address=10.*.3:* & port=*", "* => host=*.3 & address=10.*.3:* & port=*")]
    [InlineData("arguments[0]=1~100,500 => region=~5", "arguments[0]=1~100,500 => region=~5")]
    [InlineData("$host=x => host=$host*", "$host=x => host=$host*")]
    [InlineData("attachments[dubbo.tag]=gray => tag=$dubbo.tag", "attachments[dubbo.tag]=gray => tag=$dubbo.tag")]
    public void Globs_ranges_and_references_are_kept_as_written(string rule, string expected)
    {
        Assert.Equal(expected, RuleText.Describe(ConditionRule.Parse(rule)));
    }

    [Fact]
    public void The_views_are_read_only()
    {
        var parsed = ConditionRule.Parse("host=a => port=80");

        Assert.Throws<NotSupportedException>(() => ((IDictionary<string, ConditionValues>)parsed.When).Add("x", parsed.When["host"]));
        Assert.Throws<NotSupportedException>(() => ((IList)parsed.Then["port"].Matches).Add("81"));
        Assert.Throws<NotSupportedException>(() => ((IList)parsed.Then["port"].Mismatches).Add("81"));
    }

    [Fact]
    public void A_null_rule_is_an_argument_error_for_Parse_and_false_for_TryParse()
    {
        Assert.Throws<ArgumentNullException>(() => ConditionRule.Parse(null!));
        Assert.False(ConditionRule.TryParse(null, out var result));
        Assert.Null(result);
    }
}
