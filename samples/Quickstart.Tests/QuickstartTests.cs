namespace Quickstart.Tests;

public class QuickstartTests
{
    [Fact]
    public async Task The_quickstart_calls_both_providers_and_exits_zero()
    {
        using var output = new StringWriter();

        var exitCode = await Program.RunAsync(output);

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(0, exitCode);
        Assert.Equal(9, lines.Length);
        Assert.Equal("SayHello(Ada, fr) -> \"Bonjour, Ada!\" from " + Provider(lines[1]), lines[1]);
        Assert.Contains("\"Hi Grace! Hi Grace!\"", lines[4]);

        // Round robin over two providers: consecutive calls alternate, and both answer.
        var providers = lines[..5].Select(Provider).ToList();
        Assert.Equal(["greeter-provider-1", "greeter-provider-2"], providers.Distinct().Order());
        for (var i = 1; i < providers.Count; i++)
        {
            Assert.NotEqual(providers[i - 1], providers[i]);
        }

        // The condition rule moves every following call to the second provider.
        Assert.Equal("rule: => application=greeter-provider-2", lines[5]);
        Assert.All(lines[6..], line => Assert.Equal("greeter-provider-2", Provider(line)));
    }

    private static string Provider(string line) => line[(line.LastIndexOf(" from ", StringComparison.Ordinal) + 6)..];
}
