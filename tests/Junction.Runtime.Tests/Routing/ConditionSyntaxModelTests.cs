using Junction.Routing.Syntax;

namespace Junction.Runtime.Tests.Routing;

/// <summary>The syntax model holds what the matcher needs: where each key's value comes from and how each value compares.</summary>
public class ConditionSyntaxModelTests
{
    private static ConditionRuleSyntax Parse(string rule)
    {
        var result = ConditionRuleParser.Parse(rule);
        Assert.True(result.Rule is not null, $"\"{rule}\" did not parse: {result.Error}");
        return result.Rule;
    }

    private static ConditionKeySyntax WhenKey(string rule, string key) => Parse(rule).When.Find(key) ?? throw new Xunit.Sdk.XunitException($"no when key {key}");

    private static ConditionKeySyntax ThenKey(string rule, string key) => Parse(rule).Then?.Find(key) ?? throw new Xunit.Sdk.XunitException($"no then key {key}");

    [Theory]
    [InlineData("host", nameof(ConditionKeyKind.Parameter))]
    [InlineData("port", nameof(ConditionKeyKind.Parameter))]
    [InlineData("address", nameof(ConditionKeyKind.Parameter))]
    [InlineData("application", nameof(ConditionKeyKind.Parameter))]
    [InlineData("dubbo.tag", nameof(ConditionKeyKind.Parameter))]
    [InlineData("method", nameof(ConditionKeyKind.Method))]
    [InlineData("methods", nameof(ConditionKeyKind.Method))]
    [InlineData("Method", nameof(ConditionKeyKind.Parameter))]
    [InlineData("methodName", nameof(ConditionKeyKind.Parameter))]
    public void Keys_are_classified_by_name(string key, string kind)
    {
        var parsed = WhenKey(key + "=x => host=y", key);

        Assert.Equal(Enum.Parse<ConditionKeyKind>(kind), parsed.Kind);
        Assert.Equal(-1, parsed.ArgumentIndex);
        Assert.Null(parsed.AttachmentName);
    }

    [Theory]
    [InlineData("arguments[0]", 0)]
    [InlineData("arguments[7]", 7)]
    [InlineData("arguments[007]", 7)]
    [InlineData("arguments[2147483647]", int.MaxValue)]
    [InlineData("arguments[10].inner", 10)]
    [InlineData("arguments[1]extra", 1)]
    public void Argument_keys_hold_their_index(string key, int index)
    {
        var parsed = WhenKey(key + "=x => host=y", key);

        Assert.Equal(ConditionKeyKind.Argument, parsed.Kind);
        Assert.Equal(index, parsed.ArgumentIndex);
        Assert.Null(parsed.AttachmentName);
    }

    [Theory]
    [InlineData("attachments[foo]", "foo")]
    [InlineData("attachments[user_id]", "user_id")]
    [InlineData("attachments[dubbo.tag]", "dubbo.tag")]
    [InlineData("attachments[k].field", "k")]
    [InlineData("attachments[a]b]", "a]b")]
    public void Attachment_keys_hold_the_attachment_name(string key, string name)
    {
        var parsed = WhenKey(key + "=x => host=y", key);

        Assert.Equal(ConditionKeyKind.Attachment, parsed.Kind);
        Assert.Equal(name, parsed.AttachmentName);
        Assert.Equal(-1, parsed.ArgumentIndex);
    }

    [Fact]
    public void A_legacy_prefix_is_removed_before_the_key_is_classified()
    {
        var argument = WhenKey("consumer.arguments[3]=x => host=y", "arguments[3]");
        var method = WhenKey("provider.consumer.method=x => host=y", "method");

        Assert.Equal((ConditionKeyKind.Argument, 3), (argument.Kind, argument.ArgumentIndex));
        Assert.Equal(ConditionKeyKind.Method, method.Kind);
        Assert.Equal(1, argument.Column);
    }

    [Theory]
    [InlineData("10.0.0.1", nameof(ConditionValueKind.Exact), "", "")]
    [InlineData("*", nameof(ConditionValueKind.Any), "", "")]
    [InlineData("10.0.*", nameof(ConditionValueKind.Glob), "10.0.", "")]
    [InlineData("*.3", nameof(ConditionValueKind.Glob), "", ".3")]
    [InlineData("10.*.3", nameof(ConditionValueKind.Glob), "10.", ".3")]
    [InlineData("a*b*c", nameof(ConditionValueKind.Glob), "a*b", "c")]
    [InlineData("**", nameof(ConditionValueKind.Glob), "*", "")]
    public void Values_are_exact_any_or_globs_split_at_the_last_star(string value, string kind, string prefix, string suffix)
    {
        var parsed = Assert.Single(ThenKey("=> host=" + value, "host").Matches);

        Assert.Equal(value, parsed.Text);
        Assert.Equal(Enum.Parse<ConditionValueKind>(kind), parsed.Kind);
        Assert.Equal(prefix, parsed.Prefix);
        Assert.Equal(suffix, parsed.Suffix);
    }

    [Theory]
    [InlineData("1~100", 1, 100)]
    [InlineData("0~0", 0, 0)]
    [InlineData("~100", null, 100)]
    [InlineData("007~010", 7, 10)]
    [InlineData("0~2147483647", 0, int.MaxValue)]
    public void Ranges_hold_their_inclusive_bounds(string value, int? from, int to)
    {
        var parsed = Assert.Single(WhenKey("attachments[user_id]=" + value + " => region=hz", "attachments[user_id]").Matches);

        Assert.Equal(ConditionValueKind.Range, parsed.Kind);
        Assert.Equal(from, parsed.RangeFrom);
        Assert.Equal(to, parsed.RangeTo);
    }

    [Fact]
    public void A_dollar_value_refers_to_the_consumer_in_then_and_is_plain_text_in_when()
    {
        var rule = Parse("host=$host & zone=$zone* => host=$host & region=$consumer.region & any=$");
        var when = rule.When.Find("host")!.Matches[0];
        var whenGlob = rule.When.Find("zone")!.Matches[0];
        var then = rule.Then!.Find("host")!.Matches[0];
        var prefixed = rule.Then.Find("region")!.Matches[0];
        var bare = rule.Then.Find("any")!.Matches[0];

        Assert.Equal((ConditionValueKind.Exact, "$host"), (when.Kind, when.Text));
        Assert.Equal((ConditionValueKind.Glob, "$zone", ""), (whenGlob.Kind, whenGlob.Prefix, whenGlob.Suffix));
        Assert.Equal((ConditionValueKind.Reference, "host"), (then.Kind, then.ReferenceName));
        Assert.Equal((ConditionValueKind.Reference, "region", "$region"), (prefixed.Kind, prefixed.ReferenceName, prefixed.Text));
        Assert.Equal((ConditionValueKind.Reference, ""), (bare.Kind, bare.ReferenceName));
    }

    [Fact]
    public void A_range_wins_over_a_reference_as_in_Dubbo()
    {
        Assert.Equal(ConditionValueKind.Range, ThenKey("=> port=~8080", "port").Matches[0].Kind);
        Assert.NotNull(ConditionRuleParser.Parse("=> port=$port~9000").Error);
    }

    [Fact]
    public void Keys_and_values_know_their_columns_in_the_original_text()
    {
        var rule = Parse("  consumer.host = a, b & port!=80 =>  zone = $zone");
        var host = rule.When.Find("host")!;
        var port = rule.When.Find("port")!;
        var zone = rule.Then!.Find("zone")!;

        Assert.Equal(3, host.Column);
        Assert.Equal([19, 22], host.Matches.Select(v => v.Column));
        Assert.Equal(26, port.Column);
        Assert.Equal(32, port.Mismatches[0].Column);
        Assert.Equal(39, zone.Column);
        Assert.Equal(46, zone.Matches[0].Column);
    }

    [Fact]
    public void A_repeated_key_keeps_its_first_column_and_the_first_column_of_each_value()
    {
        var rule = Parse("host=a & port=1 & host=b,a");
        var host = rule.Then!.Find("host")!;

        Assert.Equal(1, host.Column);
        Assert.Equal(["a", "b"], host.Matches.Select(v => v.Text));
        Assert.Equal([6, 24], host.Matches.Select(v => v.Column));
        Assert.Equal(2, rule.Then.Keys.Count);
    }

    [Fact]
    public void The_when_and_then_conditions_know_their_part()
    {
        var rule = Parse("host=a => host=b");

        Assert.Equal(ConditionPart.When, rule.When.Part);
        Assert.Equal(ConditionPart.Then, rule.Then!.Part);
        Assert.Null(rule.When.Find("port"));
    }
}
