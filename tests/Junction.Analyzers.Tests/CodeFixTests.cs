using Junction.CodeFixes;
using Microsoft.CodeAnalysis;
using static Junction.Analyzers.Tests.AnalyzerHarness;

namespace Junction.Analyzers.Tests;

public class CodeFixTests
{
    private const string Usings = """
        using System.Threading;
        using System.Threading.Tasks;
        using Junction;

        """;

    [Fact]
    public async Task Wraps_a_return_type_in_Task()
    {
        var fixedSource = await ApplyFixAsync(new WrapReturnTypeInTaskCodeFix(), "JRPC0002", Usings + """
            [RpcService]
            public interface ICalculator
            {
                int Add(int a, int b);
            }
            """);

        Assert.Contains("Task<int> Add(int a, int b);", fixedSource);
        await AssertFixedAsync(fixedSource, "JRPC0002");
    }

    [Fact]
    public async Task Fix_all_wraps_every_return_type_and_void_becomes_Task()
    {
        var fixedSource = await ApplyFixAsync(new WrapReturnTypeInTaskCodeFix(), "JRPC0002", Usings + """
            [RpcService]
            public interface ICalculator
            {
                int Add(int a, int b);
                void Reset();
                string Name(int id);
            }
            """, fixAll: true);

        Assert.Contains("Task<int> Add(int a, int b);", fixedSource);
        Assert.Contains("Task Reset();", fixedSource);
        Assert.Contains("Task<string> Name(int id);", fixedSource);
        await AssertFixedAsync(fixedSource, "JRPC0002");
    }

    [Fact]
    public async Task Adds_the_Tasks_using_when_it_is_missing()
    {
        var fixedSource = await ApplyFixAsync(new WrapReturnTypeInTaskCodeFix(), "JRPC0002", """
            using Junction;

            [RpcService]
            public interface ICalculator
            {
                int Add(int a, int b);
            }
            """);

        Assert.Contains("using System.Threading.Tasks;", fixedSource);
        Assert.Contains("    Task<int> Add(int a, int b);", fixedSource);
        await AssertFixedAsync(fixedSource, "JRPC0002");
    }

    [Fact]
    public async Task Moving_the_token_keeps_a_multi_line_layout()
    {
        var fixedSource = await ApplyFixAsync(new MoveCancellationTokenLastCodeFix(), "JRPC0004", Usings + """
            [RpcService]
            public interface IStore
            {
                Task SaveAsync(
                    CancellationToken ct,
                    string key);
            }
            """);

        Assert.Contains("Task SaveAsync(\n        string key,\n        CancellationToken ct);", fixedSource.Replace("\r\n", "\n", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Moves_the_CancellationToken_last()
    {
        var fixedSource = await ApplyFixAsync(new MoveCancellationTokenLastCodeFix(), "JRPC0004", Usings + """
            [RpcService]
            public interface IStore
            {
                Task SaveAsync(CancellationToken ct, string key, int version);
            }
            """);

        Assert.Contains("Task SaveAsync(string key, int version, CancellationToken ct);", fixedSource);
        await AssertFixedAsync(fixedSource, "JRPC0004");
    }

    [Fact]
    public async Task Fix_all_moves_every_misplaced_token()
    {
        var fixedSource = await ApplyFixAsync(new MoveCancellationTokenLastCodeFix(), "JRPC0004", Usings + """
            [RpcService]
            public interface IStore
            {
                Task SaveAsync(CancellationToken ct, string key);
                Task<int> LoadAsync(CancellationToken cancellationToken = default, long id = 0);
            }
            """, fixAll: true);

        Assert.Contains("Task SaveAsync(string key, CancellationToken ct);", fixedSource);
        Assert.Contains("Task<int> LoadAsync(long id = 0, CancellationToken cancellationToken = default);", fixedSource);
        await AssertFixedAsync(fixedSource, "JRPC0004");
    }

    [Fact]
    public async Task Names_a_clashing_method_on_the_wire()
    {
        var fixedSource = await ApplyFixAsync(new AddRpcMethodNameCodeFix(), "JRPC0006", Usings + """
            [RpcService]
            public interface IOrders
            {
                Task<int> GetAsync(long id);

                Task<int> Get(string code);

                [RpcMethod(TimeoutMs = 100, Name = "Get")]
                Task<int> FindAsync(int n);
            }
            """, fixAll: true);

        Assert.Contains("[RpcMethod(Name = \"Get2\")]\n    Task<int> Get(string code);", fixedSource.Replace("\r\n", "\n", StringComparison.Ordinal));
        Assert.Contains("[RpcMethod(TimeoutMs = 100, Name = \"FindAsync\")]", fixedSource);
        await AssertFixedAsync(fixedSource, "JRPC0006");
    }

    [Fact]
    public async Task Writes_out_field_numbers_in_declaration_order()
    {
        var fixedSource = await ApplyFixAsync(new AssignFieldNumbersCodeFix(), "JRPC0018", Usings + """
            [RpcMessage]
            public sealed record Order(long Id, [RpcField(5)] string Code, decimal Total)
            {
                public string? Note { get; init; }
            }

            [RpcMessage]
            public sealed class Line
            {
                public string Sku { get; set; } = "";
                public int Quantity { get; set; }
            }
            """, fixAll: true);

        Assert.Contains("public sealed record Order([RpcField(1)] long Id, [RpcField(5)] string Code, [RpcField(3)] decimal Total)", fixedSource);
        Assert.Contains("[RpcField(4)]", fixedSource);
        Assert.Contains("[RpcField(1)]\n    public string Sku", fixedSource.Replace("\r\n", "\n", StringComparison.Ordinal));
        Assert.Contains("[RpcField(2)]\n    public int Quantity", fixedSource.Replace("\r\n", "\n", StringComparison.Ordinal));
        await AssertFixedAsync(fixedSource, "JRPC0018");
    }

    [Theory]
    [InlineData(FixRetriesCodeFix.MarkIdempotent, "[RpcMethod(Retries = 2, Idempotent = true)]")]
    [InlineData(FixRetriesCodeFix.NoRetries, "[RpcMethod(Retries = 0)]")]
    public async Task Fixes_retries_on_a_method_not_marked_idempotent(string equivalenceKey, string expected)
    {
        var fixedSource = await ApplyFixAsync(new FixRetriesCodeFix(), "JRPC0014", Usings + """
            [RpcService]
            public interface IOrders
            {
                [RpcMethod(Retries = 2)]
                Task PlaceAsync(long id);

                [RpcMethod(Retries = 2)]
                Task CancelAsync(long id);
            }
            """, equivalenceKey, fixAll: true);

        Assert.Equal(2, CountOf(fixedSource, expected));
        await AssertFixedAsync(fixedSource, "JRPC0014");
    }

    [Fact]
    public void Every_fixable_id_has_one_provider_and_distinct_equivalence_keys()
    {
        var providers = typeof(WrapReturnTypeInTaskCodeFix).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(Microsoft.CodeAnalysis.CodeFixes.CodeFixProvider).IsAssignableFrom(t))
            .Select(t => (Microsoft.CodeAnalysis.CodeFixes.CodeFixProvider)Activator.CreateInstance(t)!)
            .ToList();
        var ids = providers.SelectMany(p => p.FixableDiagnosticIds).ToList();

        Assert.Equal(ids.Distinct().Count(), ids.Count);
        Assert.Equal(["JRPC0002", "JRPC0004", "JRPC0006", "JRPC0014", "JRPC0018"], ids.Order());
        Assert.All(providers, p => Assert.NotNull(p.GetFixAllProvider()));
    }

    /// <summary>The fixed code compiles and the diagnostic is gone.</summary>
    private static async Task AssertFixedAsync(string fixedSource, string id)
    {
        var compilation = Compile(fixedSource);
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        Assert.DoesNotContain(await AnalyzeAsync(compilation), d => d.Id == id);
    }

    private static int CountOf(string text, string part) => (text.Length - text.Replace(part, "", StringComparison.Ordinal).Length) / part.Length;
}
