namespace Junction.Cli.Tests;

/// <summary>
/// <c>junction route</c> as a user runs it: a rule, a consumer, a call and providers in; the providers the call may go
/// to out, exactly as given and in the order given.
/// </summary>
public sealed class RouteCommandTests
{
    private const string Consumer = "consumer://1.1.1.1/com.foo.BarService?application=web&region=hz";
    private const string Hz1 = "dubbo://10.20.3.1:20880/com.foo.BarService?application=a&region=hz";
    private const string Sh2 = "dubbo://10.20.3.2:20880/com.foo.BarService?application=a&region=sh";
    private const string Hz3 = "dubbo://10.20.3.3:20880/com.foo.BarService?application=b&region=hz&weight=5";

    private static readonly string[] Providers = ["--provider", Hz1, "--provider", Sh2, "--provider", Hz3];

    [Fact]
    public async Task A_method_rule_moves_matching_calls_to_its_hosts()
    {
        var (exitCode, output, error) = await Route("--rule", "method=find* => host=10.20.3.1,10.20.3.3", "--method", "findUser");

        Assert.True(exitCode == 0, error);
        Assert.Equal(Lines(Hz1, Hz3), output);
        Assert.Equal("", error);
    }

    [Theory]
    [InlineData]
    [InlineData("--method", "saveUser")]
    public async Task A_method_rule_leaves_other_calls_and_calls_without_a_method_alone(params string[] method)
    {
        var (exitCode, output, error) = await Route(["--rule", "method=find* => host=10.20.3.1,10.20.3.3", .. method]);

        Assert.True(exitCode == 0, error);
        Assert.Equal(Lines(Hz1, Sh2, Hz3), output);
    }

    [Theory]
    [InlineData("hz", new[] { Hz1, Hz3 })]
    [InlineData("sh", new[] { Sh2 })]
    public async Task A_dollar_reference_reads_the_consumer(string region, string[] expected)
    {
        var (exitCode, output, error) = await JunctionTool.RunAsync(
        [
            "route", "--rule", "=> region=$region", "--consumer", "consumer://1.1.1.1/com.foo.BarService?application=web&region=" + region, .. Providers,
        ]);

        Assert.True(exitCode == 0, error);
        Assert.Equal(Lines(expected), output);
    }

    [Fact]
    public async Task A_blacklist_selects_nothing_and_says_so()
    {
        var (exitCode, output, error) = await Route("--rule", "host=1.1.1.1 => false");

        Assert.Equal(0, exitCode);
        Assert.Equal("", output);
        Assert.Equal(Lines("note: the rule left no provider: condition rule 'host=1.1.1.1 => false' of --rule is a blacklist: its then part is blank or false, so the calls it matches get no provider."), error);
    }

    [Fact]
    public async Task An_unforced_rule_whose_then_matches_nothing_is_ignored_for_the_call()
    {
        var (exitCode, output, error) = await Route("--rule", "method=find* => region=nowhere", "--method", "findUser");

        Assert.True(exitCode == 0, error);
        Assert.Equal(Lines(Hz1, Sh2, Hz3), output);
        Assert.Equal("", error);
    }

    [Fact]
    public async Task A_forced_rule_whose_then_matches_nothing_selects_nothing_and_says_so()
    {
        var (exitCode, output, error) = await Route("--rule", "method=find* => region=nowhere", "--method", "findUser", "--force", "--json");

        Assert.Equal(0, exitCode);
        Assert.Equal(Lines("{\"selected\":[]}"), output);
        Assert.Equal(Lines("note: the rule left no provider: condition rule 'method=find* => region=nowhere' of --rule is forced and its then part matches none of the providers; without force it would step aside and keep them."), error);
    }

    [Theory]
    [InlineData("50", new[] { Sh2 })]
    [InlineData("1", new[] { Sh2 })]
    [InlineData("100", new[] { Sh2 })]
    [InlineData("101", new[] { Hz1, Sh2, Hz3 })]
    [InlineData("fifty", new[] { Hz1, Sh2, Hz3 })]
    public async Task Arguments_are_matched_as_text_and_ranges_read_it_as_an_int(string value, string[] expected)
    {
        var (exitCode, output, error) = await Route("--rule", "arguments[0]=1~100 => host=10.20.3.2", "--method", "find", "--argument", value);

        Assert.True(exitCode == 0, error);
        Assert.Equal(Lines(expected), output);
    }

    [Fact]
    public async Task Later_arguments_keep_their_position()
    {
        var rule = "arguments[1]=gold => application=b";

        Assert.Equal(Lines(Hz3), (await Route("--rule", rule, "--argument", "alice", "--argument", "gold")).Output);
        Assert.Equal(Lines(Hz1, Sh2, Hz3), (await Route("--rule", rule, "--argument", "gold")).Output);
    }

    [Fact]
    public async Task Attachments_are_matched_and_may_hold_an_equals_sign()
    {
        Assert.Equal(Lines(Hz3), (await Route("--rule", "attachments[dubbo.tag]=gray => application=b", "--attachment", "dubbo.tag=gray")).Output);
        Assert.Equal(Lines(Hz1, Sh2, Hz3), (await Route("--rule", "attachments[dubbo.tag]=gray => application=b")).Output);
        Assert.Equal(Lines(Hz1, Sh2, Hz3), (await Route("--rule", "attachments[dubbo.tag]=gray => application=b", "--attachment", "dubbo.tag=blue")).Output);
        Assert.Equal(Lines(Hz3), (await Route("--rule", "attachments[k]=a* => application=b", "--attachment", "k=a=b")).Output);
    }

    [Fact]
    public async Task Json_prints_zero_based_indices_in_input_order()
    {
        var (exitCode, output, error) = await Route("--rule", "=> region=hz", "--json");

        Assert.True(exitCode == 0, error);
        Assert.Equal(Lines("{\"selected\":[0,2]}"), output);
    }

    [Fact]
    public async Task Providers_are_printed_exactly_as_given_in_the_order_given()
    {
        const string encoded = "dubbo://10.20.3.9:20880/com.foo.BarService?region=h%7A&application=c";
        var (exitCode, output, error) = await JunctionTool.RunAsync(
            "route", "--rule", "=> region=hz", "--consumer", Consumer, "--provider", Hz3, encoded, Sh2, Hz1, Hz3);

        Assert.True(exitCode == 0, error);
        Assert.Equal(Lines(Hz3, encoded, Hz1, Hz3), output);
    }

    [Fact]
    public async Task A_v3_0_rule_file_runs_its_conditions_in_sequence_with_its_own_force()
    {
        using var folder = new TemporaryFolder();
        var file = WriteRuleFile(folder, "com.foo.BarService.condition-router", """
            configVersion: v3.0
            scope: service
            key: com.foo.BarService
            force: true
            enabled: true
            conditions:
              - method=find* => region=hz
              - method=find* => application=b
              - method=save* => region=nowhere
            """);

        var find = await RouteFile(file, "--method", "findUser");
        var save = await RouteFile(file, "--method", "saveUser");

        Assert.True(find.ExitCode == 0, find.Error);
        Assert.Equal(Lines(Hz3), find.Output);
        Assert.Equal(0, save.ExitCode);
        Assert.Equal("", save.Output);
        Assert.Contains("forced", save.Error);
    }

    [Fact]
    public async Task A_v3_1_rule_file_with_one_destination_sends_matching_consumers_there()
    {
        using var folder = new TemporaryFolder();
        var file = WriteRuleFile(folder, "rule.yaml", """
            configVersion: v3.1
            scope: service
            key: com.foo.BarService
            force: false
            conditions:
              - from:
                  match: application=web
                to:
                  - match: region=$region
            """);

        var web = await RouteFile(file, "--json");
        var other = await JunctionTool.RunAsync(["route", "--rule-file", file, "--consumer", "consumer://1.1.1.1/com.foo.BarService?application=batch&region=hz", "--json", .. Providers]);

        Assert.True(web.ExitCode == 0, web.Error);
        Assert.Equal(Lines("{\"selected\":[0,2]}"), web.Output);
        Assert.Equal(Lines("{\"selected\":[0,1,2]}"), other.Output);
    }

    [Fact]
    public async Task A_v3_1_condition_without_destinations_is_a_blacklist()
    {
        using var folder = new TemporaryFolder();
        var file = WriteRuleFile(folder, "rule.yaml", """
            configVersion: v3.1
            conditions:
              - from:
                  match: application=web
            """);

        var (exitCode, output, error) = await RouteFile(file);

        Assert.Equal(0, exitCode);
        Assert.Equal("", output);
        Assert.Equal(Lines($"note: the rule left no provider: condition rule from 'application=web' to nothing of {file} is a blacklist: it has no 'to', so the calls it matches get no provider."), error);
    }

    [Fact]
    public async Task A_disabled_rule_file_keeps_every_provider_and_says_so()
    {
        using var folder = new TemporaryFolder();
        var file = WriteRuleFile(folder, "rule.yaml", """
            enabled: false
            conditions:
              - => false
            """);

        var (exitCode, output, error) = await RouteFile(file);

        Assert.Equal(0, exitCode);
        Assert.Equal(Lines(Hz1, Sh2, Hz3), output);
        Assert.Equal(Lines($"note: {file} is disabled (enabled: false), so it leaves every call its providers."), error);
    }

    [Fact]
    public async Task The_readme_example_prints_what_the_readme_says()
    {
        var (exitCode, output, error) = await JunctionTool.RunAsync(
            "route",
            "--rule", "method=find* => region=$region", "--method", "findUser",
            "--consumer", "consumer://10.0.0.7/com.foo.BarService?application=web&region=hz",
            "--provider", "dubbo://10.20.3.1:20880/com.foo.BarService?region=hz",
            "--provider", "dubbo://10.20.3.2:20880/com.foo.BarService?region=sh");

        Assert.True(exitCode == 0, error);
        Assert.Equal(Lines("dubbo://10.20.3.1:20880/com.foo.BarService?region=hz"), output);
    }

    [Theory]
    [InlineData(new[] { "--consumer", Consumer, "--provider", Hz1 }, "Give the rule to test: --rule '<when> => <then>' or --rule-file <rule.yaml>.")]
    [InlineData(new[] { "--rule", "=> host=1", "--rule-file", "r.yaml", "--consumer", Consumer, "--provider", Hz1 }, "Give either --rule or --rule-file, not both.")]
    [InlineData(new[] { "--rule-file", "r.yaml", "--force", "--consumer", Consumer, "--provider", Hz1 }, "--force applies to --rule only; a rule file says 'force: true' itself.")]
    [InlineData(new[] { "--rule", "=> host=1", "--provider", Hz1 }, "--consumer")]
    [InlineData(new[] { "--rule", "=> host=1", "--consumer", Consumer }, "--provider")]
    public async Task Options_that_do_not_fit_together_are_reported(string[] options, string message)
    {
        var (exitCode, output, error) = await JunctionTool.RunAsync(["route", .. options]);

        Assert.NotEqual(0, exitCode);
        Assert.Contains(message, error);
        Assert.DoesNotContain(Hz1, output);
    }

    [Theory]
    [InlineData("--consumer", "1.1.1.1/com.foo.BarService", "error: --consumer '1.1.1.1/com.foo.BarService' is not a usable URL: it has no protocol; write it as protocol://host:port/interface?key=value.")]
    [InlineData("--provider", "dubbo://10.20.3.4:208800/com.foo.BarService", "error: --provider 'dubbo://10.20.3.4:208800/com.foo.BarService' (index 1) is not a usable URL: port '208800' is not a number from 0 to 65535.")]
    [InlineData("--provider", "dubbo://10.20.3.4:20880", "error: --provider 'dubbo://10.20.3.4:20880' (index 1) is not a usable URL: it names no service; put the interface in the path, e.g. dubbo://10.0.0.1:20880/com.foo.BarService.")]
    public async Task Bad_urls_name_the_option_and_what_is_wrong(string option, string url, string message)
    {
        string[] args = option == "--consumer"
            ? ["route", "--rule", "=> region=hz", "--consumer", url, "--provider", Hz1]
            : ["route", "--rule", "=> region=hz", "--consumer", Consumer, "--provider", Hz1, "--provider", url];

        AssertFails(await JunctionTool.RunAsync(args), message);
    }

    [Fact]
    public async Task A_rule_that_does_not_parse_is_reported_with_its_column()
    {
        AssertFails(await Route("--rule", "method=find* => host!"), "error: --rule: Condition rule \"method=find* => host!\" does not parse at column 21: ");
    }

    [Theory]
    [InlineData("dubbo.tag", "error: --attachment 'dubbo.tag' has no '='; write it as key=value, e.g. --attachment dubbo.tag=gray.")]
    [InlineData("=gray", "error: --attachment '=gray' has no key before '='; write it as key=value, e.g. --attachment dubbo.tag=gray.")]
    public async Task An_attachment_without_a_key_and_value_is_reported(string attachment, string message)
    {
        AssertFails(await Route("--rule", "=> region=hz", "--attachment", attachment), message);
    }

    [Fact]
    public async Task A_missing_rule_file_is_reported()
    {
        using var folder = new TemporaryFolder();
        var file = folder.File("nope.yaml");

        AssertFails(await RouteFile(file), $"error: --rule-file {file} does not exist.");
    }

    [Fact]
    public async Task A_rule_file_whose_condition_does_not_parse_is_reported_with_its_column()
    {
        using var folder = new TemporaryFolder();
        var file = WriteRuleFile(folder, "rule.yaml", """
            configVersion: v3.0
            conditions:
              - method=find* => host!
            """);

        var result = await RouteFile(file);

        AssertFails(result, $"error: --rule-file: Routing rule '{file}' cannot be used: ");
        Assert.Contains("column 21", result.Error);
    }

    private static Task<(int ExitCode, string Output, string Error)> Route(params string[] options)
        => JunctionTool.RunAsync(["route", .. options, "--consumer", Consumer, .. Providers]);

    private static Task<(int ExitCode, string Output, string Error)> RouteFile(string file, params string[] options)
        => JunctionTool.RunAsync(["route", "--rule-file", file, "--consumer", Consumer, .. options, .. Providers]);

    private static string WriteRuleFile(TemporaryFolder folder, string name, string yaml)
    {
        var file = folder.File(name);
        File.WriteAllText(file, yaml);
        return file;
    }

    /// <summary>Exit code 1, nothing on stdout, one error line on stderr starting with <paramref name="message"/>.</summary>
    private static void AssertFails((int ExitCode, string Output, string Error) result, string message)
    {
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.Output);
        Assert.StartsWith(message, result.Error);
        Assert.Single(result.Error.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
    }

    private static string Lines(params string[] lines)
    {
        var text = new StringWriter();
        foreach (var line in lines)
        {
            text.WriteLine(line);
        }

        return text.ToString();
    }
}
