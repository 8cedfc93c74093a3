using Junction.Routing;

namespace Junction.Runtime.Tests.Routing;

/// <summary>A rule that does not parse names the column of the mistake and says what was expected there.</summary>
public class ConditionRuleErrorTests
{
    private const string KeyHint = "use = or != between a key and its values";
    private const string ValueHint = "use , between values of a key, or & before the next key";
    private const string ArgumentsHint = "write arguments[N] with N counted from 0, e.g. arguments[0]";
    private const string AttachmentsHint = "write attachments[name], e.g. attachments[dubbo.tag]";

    public static TheoryData<string, int, string> BadRules() => new()
    {
        // The rule as a whole.
        { "", 1, "the rule is empty; write \"when => then\", e.g. \"method=find* => host=10.0.0.*\", or \"=> false\" to block every call" },
        { " \t\r\n ", 1, "the rule is empty; write \"when => then\", e.g. \"method=find* => host=10.0.0.*\", or \"=> false\" to block every call" },
        { "a=b => c=d => e=f", 12, "unexpected second \"=>\"; a rule has one \"=>\" between its when and its then condition" },

        // Separators Dubbo's parseRule rejects: any run other than "", "&", "=", "!=", ",".
        { "host ! = 1.2.3.4", 6, $"unexpected \"!\" after \"host\"; {KeyHint}" },
        { "host !x => port=1", 6, $"unexpected \"!\" after \"host\"; {KeyHint}" },
        { "host==a", 5, $"unexpected \"==\" after \"host\"; {KeyHint}" },
        { "host=!a", 5, $"unexpected \"=!\" after \"host\"; {KeyHint}" },
        { "host=a&&b", 7, $"unexpected \"&&\" after \"a\"; {ValueHint}" },
        { "host=a =, b", 8, $"unexpected \"=,\" after \"a\"; {ValueHint}" },
        { "&=x", 1, "unexpected \"&=\" at the start of the then condition; a condition starts with a key, e.g. host=10.0.0.1" },
        { "=> !host=1", 4, "unexpected \"!\" at the start of the then condition; a condition starts with a key, e.g. host=10.0.0.1" },

        // "=", "!=" with no key, "," with no value before it.
        { "=a", 1, "unexpected \"=\" at the start of the then condition; a condition starts with a key, e.g. host=10.0.0.1" },
        { " != a => host=1", 2, "unexpected \"!=\" at the start of the when condition; a condition starts with a key, e.g. host=10.0.0.1" },
        { ",a => host=1", 1, "unexpected \",\" at the start of the when condition; a condition starts with a key, e.g. host=10.0.0.1" },
        { "a,b", 2, $"unexpected \",\" after \"a\"; {KeyHint}" },
        { "a=1 & b ,2", 9, $"unexpected \",\" after \"b\"; {KeyHint}" },

        // Separators Dubbo drops silently because nothing follows them.
        { "host = & x", 6, "expected a value after \"=\", found \"&\"" },
        { "host=a,", 7, "expected a value after \",\", found the end of the rule" },
        { "host=", 5, "expected a value after \"=\", found the end of the rule" },
        { "host != => x=1", 6, "expected a value after \"!=\", found \"=>\"" },
        { "x=1 &", 5, "expected a key after \"&\", found the end of the rule" },
        { "x=1 & & y=2", 5, "expected a key after \"&\", found \"&\"" },

        // Keys without values never match in Dubbo.
        { "host => port=1", 1, "key \"host\" has no value, so it can never match; use = or != between a key and its values, e.g. host=value" },
        { "host = 1.2.3.4 region", 16, "key \"region\" has no value, so it can never match; use = or != between a key and its values, e.g. region=value" },
        { "a=1 => b=2 & c", 14, "key \"c\" has no value, so it can never match; use = or != between a key and its values, e.g. c=value" },
        { "false => host=1", 1, "\"false\" before \"=>\" is read as a key without a value, so the rule would never apply; leave the when condition empty (or \"true\") to match every call, or remove the rule" },
        { "host=1 => true", 11, "\"true\" after \"=>\" is read as a key without a value, so no provider would match; write a condition such as host=*, or leave it empty (or \"false\") to block the calls" },
        { "consumer.=x", 1, "\"consumer.\" is only a prefix; write a key after it, e.g. consumer.host" },

        // arguments[N] and attachments[name].
        { "arguments = b => host=1", 1, $"\"arguments\" needs an argument index; {ArgumentsHint}" },
        { "argumentsCount=1", 1, $"\"argumentsCount\" needs an argument index; {ArgumentsHint}" },
        { "x=1 & arguments[x]=1", 17, $"argument index \"x\" is not a whole number from 0 to 2147483647; {ArgumentsHint}" },
        { "arguments[-1]=1", 11, $"argument index \"-1\" is not a whole number from 0 to 2147483647; {ArgumentsHint}" },
        { "arguments[1.5]=1", 11, $"argument index \"1.5\" is not a whole number from 0 to 2147483647; {ArgumentsHint}" },
        { "arguments[2147483648]=1", 11, $"argument index \"2147483648\" is not a whole number from 0 to 2147483647; {ArgumentsHint}" },
        { "arguments[]=1", 11, $"\"arguments[]\" has no argument index between \"[\" and \"]\"; {ArgumentsHint}" },
        { "arguments[1=1", 1, $"\"arguments[1\" has no \"]\" after the argument index; {ArgumentsHint}" },
        { "consumer.arguments[]=1", 20, $"\"arguments[]\" has no argument index between \"[\" and \"]\"; {ArgumentsHint}" },
        { "attachments = a => host=1", 1, $"\"attachments\" needs an attachment name; {AttachmentsHint}" },
        { "attachmentsX=1", 1, $"\"attachmentsX\" needs an attachment name; {AttachmentsHint}" },
        { "attachments[]=1", 13, $"\"attachments[]\" has no attachment name between \"[\" and \"]\"; {AttachmentsHint}" },
        { "attachments[k=1", 1, $"\"attachments[k\" has no \"]\" after the attachment name; {AttachmentsHint}" },

        // Ranges.
        { "port=10~5", 6, "range \"10~5\" is empty because 10 is greater than 5; write the smaller bound first, 5~10" },
        { "port=5~", 7, "range \"5~\" has no upper bound, which Dubbo ignores; write 5~2147483647" },
        { "port=~", 6, "\"~\" is a range without bounds; write from~to, e.g. 1~100, or ~to" },
        { "port=1~5~9", 9, "\"1~5~9\" has more than one \"~\"; a range is from~to, e.g. 1~100" },
        { "port=a~b", 6, "\"a~b\" is read as a range because it contains \"~\", but \"a\" is not a whole number from 0 to 2147483647; write a range as from~to, e.g. 1~100" },
        { "port=1~b", 8, "\"1~b\" is read as a range because it contains \"~\", but \"b\" is not a whole number from 0 to 2147483647; write a range as from~to, e.g. 1~100" },
        { "port=-5~5", 6, "\"-5~5\" is read as a range because it contains \"~\", but \"-5\" is not a whole number from 0 to 2147483647; write a range as from~to, e.g. 1~100" },
        { "port=1~2147483648", 8, "\"1~2147483648\" is read as a range because it contains \"~\", but \"2147483648\" is not a whole number from 0 to 2147483647; write a range as from~to, e.g. 1~100" },
        { "path=/home/~user", 6, "\"/home/~user\" is read as a range because it contains \"~\", but \"/home/\" is not a whole number from 0 to 2147483647; write a range as from~to, e.g. 1~100" },
        { "=> port=$port~9000", 9, "\"$port~9000\" is read as a range because it contains \"~\", but \"$port\" is not a whole number from 0 to 2147483647; write a range as from~to, e.g. 1~100" },
    };

    [Theory]
    [MemberData(nameof(BadRules))]
    public void A_bad_rule_fails_with_the_column_and_what_was_expected(string rule, int column, string reason)
    {
        var error = Assert.Throws<ConditionRuleException>(() => ConditionRule.Parse(rule));

        Assert.Equal(reason, error.Reason);
        Assert.Equal(column, error.Column);
        Assert.Equal(rule, error.Rule);
        Assert.Equal($"Condition rule \"{rule}\" does not parse at column {column}: {reason}", error.Message);
        Assert.IsAssignableFrom<FormatException>(error);
        Assert.False(ConditionRule.TryParse(rule, out var result));
        Assert.Null(result);
    }

    [Fact]
    public void The_column_counts_tabs_and_surrogate_pairs_as_string_positions()
    {
        var error = Assert.Throws<ConditionRuleException>(() => ConditionRule.Parse("\tname=\U0001F600 & x"));

        Assert.Equal(12, error.Column);
        Assert.Equal("key \"x\" has no value, so it can never match; use = or != between a key and its values, e.g. x=value", error.Reason);
    }

    [Fact]
    public void The_first_error_in_the_text_is_reported()
    {
        var error = Assert.Throws<ConditionRuleException>(() => ConditionRule.Parse("host!!a => port=10~5"));

        Assert.Equal(5, error.Column);
    }

    [Fact]
    public void A_rule_that_Dubbo_would_also_reject_because_of_a_blank_when_condition_is_not_confused_with_a_blacklist()
    {
        // "=>" alone is a valid blacklist for every call; an empty string is not a rule at all.
        Assert.True(ConditionRule.Parse("=>").IsBlacklist);
        Assert.Throws<ConditionRuleException>(() => ConditionRule.Parse(""));
    }
}
