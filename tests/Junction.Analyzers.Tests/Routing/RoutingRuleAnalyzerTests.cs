using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using static Junction.Analyzers.Tests.AnalyzerHarness;

namespace Junction.Analyzers.Tests.Routing;

/// <summary>JRPC0017: a constant condition rule that does not parse fails the build, pointing at the character.</summary>
public class RoutingRuleAnalyzerTests
{
    private const string Id = "JRPC0017";

    private const string Usings = """
        using Junction.Routing;

        """;

    [Fact]
    public Task A_bad_literal_is_reported_on_the_offending_character_with_the_column() => VerifyAsync(Id, Usings + """
        static class Rules
        {
            public static ConditionRule Gray() => ConditionRule.Parse("host = 10.20.* => host [|!|] 10.20.1.1");
        }
        """, "at column 24:", "unexpected \"!\" after \"host\"; use = or != between a key and its values");

    [Fact]
    public Task TryParse_with_force_and_named_arguments_is_checked_too() => VerifyAsync(Id, Usings + """
        static class Rules
        {
            public static bool Load(out ConditionRule? rule)
                => ConditionRule.TryParse(force: true, rule: "attachments[[|]|]=gray => tag=gray", result: out rule)
                    && ConditionRule.TryParse("method=find* => port=[|1|]0~5", out rule)
                    && ConditionRule.TryParse("[|x|] => port=1", out rule);
        }
        """, "does not parse at column");

    [Fact]
    public async Task Each_message_names_its_own_column_and_reason()
    {
        var diagnostics = await VerifyAsync(Id, Usings + """
            static class Rules
            {
                static readonly ConditionRule A = ConditionRule.Parse("host=a[|,|],b");
                static readonly ConditionRule B = ConditionRule.Parse("=> region=$region & zone[|=|]");
            }
            """);

        Assert.Equal(
            [
                "The condition rule does not parse at column 7: unexpected \",,\" after \"a\"; use , between values of a key, or & before the next key",
                "The condition rule does not parse at column 25: expected a value after \"=\", found the end of the rule",
            ],
            diagnostics.Select(d => d.GetMessage()));
    }

    [Fact]
    public Task An_empty_rule_is_reported_on_the_whole_literal() => VerifyAsync(Id, Usings + """
        static class Rules
        {
            static readonly ConditionRule A = ConditionRule.Parse([|""|]);
            static readonly ConditionRule B = ConditionRule.Parse([|"   "|]);
        }
        """, "at column 1:", "the rule is empty");

    [Fact]
    public Task Constants_and_interpolated_constants_are_reported_on_the_whole_argument() => VerifyAsync(Id, Usings + """
        static class Rules
        {
            const string Key = "host";
            const string Bad = Key + " => " + Key;
            static readonly ConditionRule A = ConditionRule.Parse([|Bad|]);
            static readonly ConditionRule B = ConditionRule.Parse([|$"{Key}=1 => {Key}!!2"|]);
            static readonly ConditionRule C = ConditionRule.Parse(rule: [|Key + "=1 =>" + " false => x"|]);
        }
        """, "does not parse at column");

    [Fact]
    public Task Verbatim_raw_and_escaped_literals_are_reported_on_the_whole_literal_unless_the_escape_comes_later() => VerifyAsync(Id, Usings + """""
        static class Rules
        {
            static readonly ConditionRule A = ConditionRule.Parse([|@"host=a
                => port=5~"|]);
            static readonly ConditionRule B = ConditionRule.Parse([|"host=\"a\" & port"|]);
            static readonly ConditionRule C = ConditionRule.Parse([|"""host=1 => port!="""|]);
            static readonly ConditionRule D = ConditionRule.Parse("host[|!|]a => \t region=hz");
        }
        """"", "does not parse at column");

    [Fact]
    public Task Valid_literals_report_nothing() => VerifyCleanAsync(Usings + """
        static class Rules
        {
            const string Region = "region";
            static readonly ConditionRule[] All =
            [
                ConditionRule.Parse("method=find* => host=10.0.0.*"),
                ConditionRule.Parse("application=web & arguments[0]=1~100 => region=$region", force: true),
                ConditionRule.Parse("host=10.0.0.9 => false"),
                ConditionRule.Parse("=>"),
                ConditionRule.Parse(@"attachments[dubbo.tag] = gray
                    => tag = gray"),
                ConditionRule.Parse($"{Region}=hz => {Region}=$" + Region),
            ];

            static bool Try(out ConditionRule? rule) => ConditionRule.TryParse("host != 10.0.0.1,10.0.0.2 => port = ~9000", out rule);
        }
        """);

    [Fact]
    public Task Arguments_that_are_not_constant_report_nothing() => VerifyCleanAsync(Usings + """
        static class Rules
        {
            static ConditionRule FromConfig(string text) => ConditionRule.Parse(text);
            static ConditionRule FromField() => ConditionRule.Parse(s_text, force: false);
            static bool Maybe(string? text, out ConditionRule? rule) => ConditionRule.TryParse(text, true, out rule);
            static ConditionRule Null() => ConditionRule.Parse(null!);
            static string s_text = "host ! x";
        }
        """);

    [Fact]
    public Task Other_methods_called_Parse_report_nothing() => VerifyCleanAsync(Usings + """
        static class Rules
        {
            static int Number() => int.Parse("42");
            static ConditionRule Rule() => Parser.Parse("host ! x");
        }

        static class Parser
        {
            public static ConditionRule Parse(string rule) => ConditionRule.Parse("=> host=" + rule.Length);
        }
        """);

    [Fact]
    public async Task Code_without_the_runtime_reports_nothing_even_with_a_look_alike_type()
    {
        const string source = """
            namespace Junction.Routing
            {
                public sealed class ConditionRule
                {
                    public static ConditionRule Parse(string rule, bool force = false) => new();
                }
            }

            static class Rules
            {
                static readonly Junction.Routing.ConditionRule A = Junction.Routing.ConditionRule.Parse("host ! x");
            }
            """;
        var runtime = typeof(Junction.Routing.ConditionRule).Assembly.Location;
        var compilation = CSharpCompilation.Create(
            "NoRuntime",
            [CSharpSyntaxTree.ParseText(source, AnalyzerHarness.ParseOptions, path: "/src/File0.cs")],
            References.Where(r => !string.Equals(r.Display, runtime, StringComparison.Ordinal)),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

        Assert.DoesNotContain(compilation.References, r => r.Display == runtime);
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        Assert.Empty(await AnalyzeAsync(compilation));
    }

    [Fact]
    public async Task The_same_call_is_reported_when_the_runtime_is_referenced()
    {
        // Control for the test above: with the runtime's ConditionRule the same rule is reported.
        var diagnostics = await VerifyAsync(Id, Usings + """
            static class Rules
            {
                static readonly ConditionRule A = ConditionRule.Parse("host [|!|] x");
            }
            """);

        Assert.Single(diagnostics);
    }
}
