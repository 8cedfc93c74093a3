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
    [InlineData("int D(int n) { for (var i = 0; i < 15; i++) { } return D(n + 1) + 1; }\nreturn D(0) > 0 ? Providers : null;")]
    [InlineData("try { while (true) { } } finally { throw new InvalidOperationException(\"while unwinding\"); }")]
    [InlineData("return Providers.Count > 0 ? Route().Take(1) : Providers;")]
    [InlineData("var l = new List<Func<int, int>>();\nl.Add(n => l[0](n + 1) + 1);\nreturn l[0](0) > 0 ? Providers : null;")]
    [InlineData("try { while (true) { } } catch { }\nreturn Providers.Take(1);")]
    [InlineData("try { while (true) { } } catch (Exception e) when (e.Message.Length > 0) { }\nreturn Providers.Take(1);")]
    [InlineData("return Enumerable.Range(0, int.MaxValue).Select(i => { try { while (true) { } } catch (Exception) { } return i; }).Count() > 0 ? Providers.Take(1) : null;")]
    [InlineData("Func<int, int> f = null;\nf = n => f(n + 1);\nreturn f(0) > 0 ? Providers : null;")]
    [InlineData("Action spin = null;\nspin = () => { spin(); };\nspin();\nreturn Providers;")]
    [InlineData("Func<int, int> f = null;\nf = (Func<int, int>)(delegate (int n) { return f(n) + 1; });\nreturn f(0) > 0 ? Providers : null;")]
    public void A_script_that_never_finishes_leaves_the_providers_unchanged_and_is_logged_once(string script)
    {
        var entry = RouteUnchanged("endless.script-router", script, routes: 3);

        Assert.Contains("endless.script-router", entry.Message);
        var limit = Assert.IsType<RouteScriptLimitException>(entry.Exception);
        Assert.Contains("never ends", limit.Message);
    }

    [Theory]
    [InlineData("ServiceInstance None() => throw new InvalidOperationException(\"no provider today\");\nreturn Providers.Count > 99 ? Providers : None() == null ? null : Providers;")]
    [InlineData("void Fail() => throw new InvalidOperationException(\"no provider today\");\nFail();\nreturn Providers;")]
    [InlineData("Func<ServiceInstance> none = () => throw new InvalidOperationException(\"no provider today\");\nreturn none() == null ? null : Providers;")]
    public void A_function_whose_body_throws_compiles_and_its_exception_is_the_rules_failure(string script)
    {
        var entry = RouteUnchanged("throwing.script-router", script, routes: 1);

        Assert.Equal("no provider today", Assert.IsType<InvalidOperationException>(entry.Exception).Message);
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

    /// <summary>Routes <paramref name="routes"/> calls through the rule, each keeping every provider; returns the one log entry.</summary>
    private static CapturingLoggerFactory.LogEntry RouteUnchanged(string key, string script, int routes)
    {
        var logs = new CapturingLoggerFactory();
        var router = new ScriptRouterFactory(logs).Compile(key, script);
        var providers = ScriptKit.Providers();
        for (var i = 0; i < routes; i++)
        {
            Assert.Same(providers, router.Route(providers, ScriptKit.Find(i, "east")));
        }

        return Assert.Single(logs.Entries);
    }
}
