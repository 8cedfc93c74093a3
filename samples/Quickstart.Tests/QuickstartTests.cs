using Junction.Consul.Tests.Double;

namespace Quickstart.Tests;

public class QuickstartTests
{
    [Fact]
    public async Task The_quickstart_calls_both_providers_and_exits_zero()
    {
        using var output = new StringWriter();

        var exitCode = await Program.RunAsync(output);

        AssertTheTour(exitCode, output);
    }

    [Fact]
    public async Task With_registry_consul_the_same_tour_runs_through_a_consul_agent()
    {
        await using var consul = await ConsulDouble.StartAsync(new ConsulDoubleOptions { MaxWait = TimeSpan.FromSeconds(2) });
        using var output = new StringWriter();

        var exitCode = await Program.RunAsync(output, "--registry", $"consul://127.0.0.1:{consul.Url.Port}");

        AssertTheTour(exitCode, output);
        // Both providers registered with the agent and the rule went through its KV store.
        Assert.Equal(2, consul.Requests.Count(r => r.Method == "PUT" && r.PathAndQuery.StartsWith("/v1/agent/service/register", StringComparison.Ordinal)));
        Assert.Contains(consul.Requests, r => r.Method == "PUT" && r.PathAndQuery.StartsWith("/v1/kv/junction/config/Quickstart.IGreeter", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("--registry", "zookeeper://127.0.0.1:2181")]
    [InlineData("--registry", "consul://127.0.0.1:8500/v1")]
    [InlineData("--verbose")]
    public async Task A_wrong_argument_exits_2_and_names_it(params string[] args)
    {
        var error = new StringWriter();
        var previous = Console.Error;
        Console.SetError(error);
        try
        {
            Assert.Equal(2, await Program.RunAsync(TextWriter.Null, args));
        }
        finally
        {
            Console.SetError(previous);
        }

        Assert.Contains(args[^1], error.ToString(), StringComparison.Ordinal);
    }

    private static void AssertTheTour(int exitCode, StringWriter output)
    {
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
