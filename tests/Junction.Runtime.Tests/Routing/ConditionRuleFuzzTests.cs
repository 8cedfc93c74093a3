using Junction.Routing;
using Junction.Routing.Syntax;

namespace Junction.Runtime.Tests.Routing;

/// <summary>
/// Seeded random rules: parsing never fails with anything but <see cref="ConditionRuleException"/>, TryParse never
/// throws, and whatever parses means what Dubbo's own parser reads from it.
/// </summary>
public class ConditionRuleFuzzTests
{
    private static readonly string[] Pieces =
    [
        "host", "port", "method", "methods", "application", "arguments[0]", "arguments[12].x", "arguments[x]", "arguments",
        "attachments[k]", "attachments[dubbo.tag]", "attachments[]", "consumer.", "provider.", "a", "b", "1.2.3.4", "10.*",
        "*", "*.3", "1~100", "~9", "5~", "9~1", "$host", "$", "true", "false", "x*y*z",
        "=", "!=", "&", ",", "!", "=>", "==", "~", "[", "]", " ", " ", " ", "  ", "\t", "\n", "\r\n", "\u000B", "\f",
        "\u00A0", "\u0001", "é", "\U0001F600", ">", "\"", "\\",
    ];

    private static readonly string[] Keys = ["host", "port", "method", "arguments[0]", "attachments[k]", "consumer.host", "region", "application"];
    private static readonly string[] Values = ["a", "b", "1.2.3.4", "10.0.*", "*", "*.3", "1~100", "~9", "$region", "gray", "0"];
    private static readonly string[] Operators = ["=", "!=", " = ", " != "];
    private static readonly string[] Joiners = [" & ", "&", " ", " &\t"];

    public static TheoryData<int> Seeds() => new() { 1, 2, 3, 4, 5 };

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Random_piece_strings_only_ever_fail_with_a_ConditionRuleException(int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < 100; i++)
        {
            var builder = new System.Text.StringBuilder();
            var count = random.Next(0, 14);
            for (var j = 0; j < count; j++)
            {
                builder.Append(Pieces[random.Next(Pieces.Length)]);
            }

            Check(builder.ToString());
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Mutated_well_formed_rules_only_ever_fail_with_a_ConditionRuleException(int seed)
    {
        var random = new Random(seed * 7919);
        var parsed = 0;
        for (var i = 0; i < 100; i++)
        {
            var rule = WellFormed(random);
            Assert.True(ConditionRule.TryParse(rule, out _), $"\"{rule}\" is well formed but did not parse");
            var mutated = Mutate(random, rule);
            if (Check(mutated))
            {
                parsed++;
            }
        }

        // Mutations hit both sides: some still parse, some do not.
        Assert.InRange(parsed, 1, 99);
    }

    /// <returns>Whether the rule parsed.</returns>
    private static bool Check(string rule)
    {
        ConditionRule? parsed = null;
        ConditionRuleException? error = null;
        try
        {
            parsed = ConditionRule.Parse(rule);
        }
        catch (ConditionRuleException e)
        {
            error = e;
        }
        catch (Exception e)
        {
            Assert.Fail($"\"{Escape(rule)}\" threw {e.GetType().Name}: {e.Message}");
        }

        var tried = ConditionRule.TryParse(rule, out var viaTry);
        Assert.Equal(parsed is not null, tried);
        if (error is not null)
        {
            Assert.InRange(error.Column, 1, Math.Max(1, rule.Length));
            Assert.False(string.IsNullOrWhiteSpace(error.Reason));
            return false;
        }

        Assert.Equal(RuleText.Describe(parsed!), RuleText.Describe(viaTry!));
        CheckColumns(rule);
        CheckAgainstDubbo(rule, parsed!);
        return true;
    }

    /// <summary>Every key and value points at its own text, and every key has a value.</summary>
    private static void CheckColumns(string rule)
    {
        var syntax = ConditionRuleParser.Parse(rule).Rule!;
        foreach (var condition in new[] { syntax.When, syntax.Then })
        {
            foreach (var key in condition?.Keys ?? [])
            {
                Assert.True(key.Matches.Count + key.Mismatches.Count > 0, $"\"{Escape(rule)}\": key {key.Name} has no value");
                Assert.Contains(key.Name, rule.Substring(key.Column - 1), StringComparison.Ordinal);
                foreach (var value in key.Matches.Concat(key.Mismatches))
                {
                    if (value.Kind != ConditionValueKind.Reference)
                    {
                        Assert.StartsWith(value.Text, rule.Substring(value.Column - 1), StringComparison.Ordinal);
                    }
                }
            }
        }
    }

    /// <summary>What parses here is what Dubbo reads, apart from the documented differences (prefixes in values, keys restarted after whitespace).</summary>
    private static void CheckAgainstDubbo(string rule, ConditionRule parsed)
    {
        DubboReferenceParser.Result dubbo;
        try
        {
            dubbo = DubboReferenceParser.Parse(rule);
        }
        catch (FormatException e)
        {
            Assert.Fail($"\"{Escape(rule)}\" parses here but Dubbo rejects it: {e.Message}");
            return;
        }

        if (dubbo.ReplacedKey || rule.Contains("consumer.", StringComparison.Ordinal) || rule.Contains("provider.", StringComparison.Ordinal))
        {
            return;
        }

        Assert.Equal(Describe(dubbo.When), Describe(parsed.When));
        Assert.Equal(dubbo.Then is null, parsed.IsBlacklist);
        if (dubbo.Then is not null)
        {
            Assert.Equal(Describe(dubbo.Then), Describe(parsed.Then));
        }
    }

    private static string Describe(Dictionary<string, (HashSet<string> Matches, HashSet<string> Mismatches)> condition)
        => string.Join(" & ", condition.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k =>
            k.Key + "=" + string.Join(",", k.Value.Matches.Order(StringComparer.Ordinal)) + "!=" + string.Join(",", k.Value.Mismatches.Order(StringComparer.Ordinal))));

    private static string Describe(IReadOnlyDictionary<string, ConditionValues> condition)
        => string.Join(" & ", condition.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k =>
            k.Key + "=" + string.Join(",", k.Value.Matches.Order(StringComparer.Ordinal)) + "!=" + string.Join(",", k.Value.Mismatches.Order(StringComparer.Ordinal))));

    private static string WellFormed(Random random)
    {
        string Condition()
        {
            var parts = new List<string>();
            for (var k = random.Next(1, 4); k > 0; k--)
            {
                var values = Enumerable.Range(0, random.Next(1, 4)).Select(_ => Values[random.Next(Values.Length)]);
                parts.Add(Keys[random.Next(Keys.Length)] + Operators[random.Next(Operators.Length)] + string.Join(random.Next(2) == 0 ? "," : " , ", values));
            }

            return string.Join(Joiners[random.Next(Joiners.Length)], parts);
        }

        return random.Next(4) switch
        {
            0 => Condition(),
            1 => "=> " + Condition(),
            2 => Condition() + " =>",
            _ => Condition() + " => " + Condition(),
        };
    }

    private static string Mutate(Random random, string rule)
    {
        var chars = new List<char>(rule);
        for (var m = random.Next(1, 4); m > 0; m--)
        {
            var at = random.Next(chars.Count + 1);
            switch (random.Next(3))
            {
                case 0 when at < chars.Count:
                    chars.RemoveAt(at);
                    break;
                case 1:
                    chars.Insert(at, "=&!,~*$[] \t>"[random.Next(12)]);
                    break;
                default:
                    chars.Insert(at, (char)random.Next(32, 127));
                    break;
            }
        }

        return new string([.. chars]);
    }

    private static string Escape(string text) => text.Replace("\n", "\\n", StringComparison.Ordinal).Replace("\r", "\\r", StringComparison.Ordinal).Replace("\t", "\\t", StringComparison.Ordinal);
}
