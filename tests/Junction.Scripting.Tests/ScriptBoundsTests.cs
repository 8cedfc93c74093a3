namespace Junction.Scripting.Tests;

/// <summary>
/// A rule that never finishes (an endless loop or recursion pushed from the config center) must not hang the calls it
/// routes or end the process: the route fails like any script failure, the providers stay unchanged, it is logged
/// once, and the next calls route the same way without waiting.
/// </summary>
public sealed class ScriptBoundsTests
{
    [Theory]
    [InlineData("while (true) { }\nreturn Providers;")]
    [InlineData("var i = 0;\nwhile (i < 10) ;   // forgot i++\nreturn Providers;")]
    [InlineData("for (;;) { }")]
    [InlineData("do { } while (Providers.Count > 0);\nreturn Providers;")]
    [InlineData("IEnumerable<int> Forever() { while (true) yield return 1; }\nforeach (var x in Forever()) { }\nreturn Providers;")]
    [InlineData("again:\nif (Providers.Count > 0) goto again;\nreturn Providers;")]
    [InlineData("int Depth(int n) => Depth(n + 1) + 1;\nreturn Depth(0) > 0 ? Providers : null;")]
    [InlineData("void Spin() => Spin();\nSpin();\nreturn Providers;")]
    [InlineData("int Down(int n) { return n == 0 ? 0 : Down(n - 1) + Up(n); }\nint Up(int n) => Down(n);\nreturn Down(3) >= 0 ? Providers : null;")]
    [InlineData("Func<int, int> f = null;\nf = n => f(n + 1);\nreturn f(0) > 0 ? Providers : null;")]
    [InlineData("Action spin = null;\nspin = () => { spin(); };\nspin();\nreturn Providers;")]
    [InlineData("Func<int, int> f = null;\nf = (Func<int, int>)(delegate (int n) { return f(n) + 1; });\nreturn f(0) > 0 ? Providers : null;")]
    public void A_script_that_never_finishes_leaves_the_providers_unchanged_and_is_logged_once(string script)
    {
        var logs = new CapturingLoggerFactory();
        var router = new ScriptRouterFactory(logs).Compile("endless.script-router", script);
        var providers = ScriptKit.Providers();

        for (var i = 0; i < 3; i++)
        {
            Assert.Same(providers, router.Route(providers, ScriptKit.Find(i, "east")));
        }

        var entry = Assert.Single(logs.Entries);
        Assert.Contains("endless.script-router", entry.Message);
        var limit = Assert.IsType<RouteScriptLimitException>(entry.Exception);
        Assert.Contains("never ends", limit.Message);
    }

    [Fact]
    public void Loops_that_finish_run_as_written_and_every_route_gets_the_whole_budget()
    {
        // Each route takes 40 × 40 + 40 steps; 7,000 routes on this thread take more than the budget of one route, so
        // they pass only if every route starts counting afresh.
        const string script = """
            var keep = new List<Junction.Registry.ServiceInstance>();
            foreach (var p in Providers)
            {
                var higher = 0;
                for (var j = 0; j < Providers.Count; j++)
                {
                    if (int.Parse(Providers[j].Metadata["index"]) > int.Parse(p.Metadata["index"])) higher++;
                }

                if (higher < 3) keep.Add(p);
            }

            return keep;
            """;
        var logs = new CapturingLoggerFactory();
        var router = new ScriptRouterFactory(logs).Compile("top3.script-router", script);
        var providers = ScriptKit.Providers(40);

        for (var i = 0; i < 7_000; i++)
        {
            Assert.Equal(3, router.Route(providers, ScriptKit.Find(i, "east")).Length);
        }

        Assert.Equal("10.0.0.38,10.0.0.39,10.0.0.40", ScriptKit.Hosts(router.Route(providers, ScriptKit.Find(1, "east"))));
        Assert.Empty(logs.Entries);
        Assert.True(7_000L * (40 * 40 + 40) > RouteScriptBudget.StepLimit);
    }
}
