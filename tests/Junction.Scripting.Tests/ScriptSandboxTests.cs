using Junction.Routing;

namespace Junction.Scripting.Tests;

/// <summary>Scripts that reach outside routing are refused when compiled, naming the rule, the place and the reason.</summary>
public sealed class ScriptSandboxTests
{
    private readonly ScriptRouterFactory _factory = new();

    [Theory]
    [InlineData("var secret = System.IO.File.ReadAllText(\"/etc/passwd\");\nreturn Providers;", "line 1:14", "System.IO")]
    [InlineData("var text = global::System.IO.File.Exists(\"/tmp\") ? \"y\" : \"n\";\nreturn Providers;", "line 1:12", "System.IO")]
    [InlineData("using var client = new System.Net.Http.HttpClient();\nreturn Providers;", "line 1:", "System.Net")]
    [InlineData("var method = typeof(string).GetMethod(\"Trim\");\nreturn Providers;", "line 1:14", "System.Type")]
    [InlineData("Providers.Where(p => p.GetType().Name != \"\")", "line 1:", "System.Type")]
    [InlineData("var assembly = System.Reflection.Assembly.Load(\"Junction.Runtime\");\nreturn Providers;", "line 1:1", "System.Reflection")]
    [InlineData("System.Diagnostics.Process.Start(\"sh\");\nreturn Providers;", "line 1:1", "System.Diagnostics")]
    [InlineData("return Providers;\nvoid Quit() => Environment.Exit(1);", "line 2:16", "System.Environment")]
    [InlineData("var o = Activator.CreateInstance<object>();\nreturn Providers;", "line 1:9", "System.Activator")]
    [InlineData("System.Threading.Thread.Sleep(1000);\nreturn Providers;", "line 1:1", "System.Threading")]
    [InlineData("dynamic all = Providers;\nreturn all;", "line 1:1", "dynamic")]
    [InlineData("var client = Junction.Hosting.JunctionClient.Create<object>(null);\nreturn Providers;", "line 1:14", "Junction.Hosting.JunctionClient")]
    [InlineData("Span<byte> b = stackalloc byte[400_000];\nreturn Providers;", "line 1:16", "stackalloc")]
    public void A_script_that_reaches_outside_routing_is_refused(string script, string where, string reason)
    {
        var error = Assert.Throws<RoutingRuleException>(() => _factory.Compile("evil.script-router", script));

        Assert.Equal("evil.script-router", error.RuleKey);
        Assert.Contains(where, error.Reason);
        Assert.Contains(reason, error.Reason);
    }

    [Fact]
    public void Unsafe_code_does_not_compile()
    {
        var error = Assert.Throws<RoutingRuleException>(() => _factory.Compile("unsafe.script-router", "unsafe { int* p = null; }\nreturn Providers;"));

        Assert.Contains("line 1:1", error.Reason);
    }

    [Fact]
    public void A_script_cannot_close_its_method_to_declare_members_of_its_own()
    {
        const string script = """
            return Providers; }
            static Rule() { while (true) { } }
            protected IEnumerable<ServiceInstance> Other() {
            return Providers;
            """;

        var error = Assert.Throws<RoutingRuleException>(() => _factory.Compile("escape.script-router", script));

        Assert.Contains("cannot declare members", error.Reason);
    }
}
