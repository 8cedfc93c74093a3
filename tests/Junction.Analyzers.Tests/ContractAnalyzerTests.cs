using static Junction.Analyzers.Tests.AnalyzerHarness;

namespace Junction.Analyzers.Tests;

public class ContractAnalyzerTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;
        using Junction;

        """;

    [Fact]
    public Task A_valid_contract_and_its_messages_report_nothing() => VerifyCleanAsync(Usings + """
        namespace Mall;

        [RpcMessage] public sealed record Line([RpcField(1)] string Sku, [RpcField(2)] int Quantity);
        [RpcMessage] public sealed record Order([RpcField(1)] long Id, [RpcField(2)] IReadOnlyList<Line> Lines, [RpcField(3)] Dictionary<string, Line> ByWarehouse);

        [RpcService(Version = "1.2.0-beta_1", Group = "mall.eu", Protocol = "tcp, grpc", Name = "mall.OrderService")]
        public interface IOrderService : IBase
        {
            [RpcMethod(TimeoutMs = 800, Retries = 2, Idempotent = true, HashArguments = new[] { 0 })]
            Task<Order> GetAsync(long id, CancellationToken ct = default);

            [RpcMethod(Retries = 0)]
            ValueTask PlaceAsync(Order order);

            [RpcMethod(Name = "Get2")]
            Task<int> GetAsync(string code);

            ValueTask<IReadOnlyList<Order>?> ListAsync();
        }

        public interface IBase
        {
            Task PingAsync(CancellationToken cancellationToken);
        }
        """);

    [Fact]
    public Task Service_on_a_class() => VerifyAsync("JRPC0001", Usings + """
        [RpcService]
        public class [|Greeter|] { }
        """, "'Greeter' is not an interface");

    [Fact]
    public Task Unsupported_return_type() => VerifyAsync("JRPC0002", Usings + """
        [RpcService]
        public interface ICalculator
        {
            [|int|] Add(int a, int b);
            [|void|] Reset();
            [|IAsyncEnumerable<int>|] StreamAsync();
            Task<int> MultiplyAsync(int a, int b);
        }
        """, "ICalculator.", "return Task, Task<T>, ValueTask or ValueTask<T>");

    [Fact]
    public Task Ref_out_in_and_params_parameters() => VerifyAsync("JRPC0003", Usings + """
        [RpcService]
        public interface IStore
        {
            Task LoadAsync(ref int [|version|]);
            Task TryAsync(out int [|value|]);
            Task ReadAsync(in long [|offset|]);
            Task AddAsync(params int[] [|items|]);
            Task OkAsync(int[] items);
        }
        """, "remove the modifier");

    [Fact]
    public Task CancellationToken_not_last_or_repeated() => VerifyAsync("JRPC0004", Usings + """
        [RpcService]
        public interface IStore
        {
            Task SaveAsync(CancellationToken [|ct|], string key);
            Task CopyAsync(string key, CancellationToken first, CancellationToken [|second|]);
            Task LoadAsync(string key, CancellationToken ct);
        }
        """, "at most one CancellationToken, as its last parameter");

    [Fact]
    public async Task Types_that_cannot_be_serialized_are_named_by_their_path()
    {
        var diagnostics = await VerifyAsync("JRPC0005", Usings + """
            [RpcMessage] public sealed record OrderLine([RpcField(1)] Stream [|Sku|]);
            [RpcMessage] public sealed record Order([RpcField(1)] IReadOnlyList<OrderLine> Lines);

            [RpcService]
            public interface IOrders
            {
                Task PlaceAsync(Order [|order|]);
                [|Task<Stream>|] OpenAsync();
                Task<int> CountAsync(Dictionary<string, object> [|filter|]);
            }
            """);

        Assert.Contains(diagnostics, d => d.GetMessage().StartsWith("'IOrders.PlaceAsync(order.Lines[].Sku)': System.IO.Stream cannot be serialized", StringComparison.Ordinal));
        Assert.Contains(diagnostics, d => d.GetMessage().StartsWith("'OrderLine.Sku': System.IO.Stream", StringComparison.Ordinal));
        Assert.Contains(diagnostics, d => d.GetMessage().StartsWith("'IOrders.OpenAsync result': System.IO.Stream", StringComparison.Ordinal));
        Assert.Contains(diagnostics, d => d.GetMessage().StartsWith("'IOrders.CountAsync(filter[])': object cannot be serialized", StringComparison.Ordinal));
    }

    [Fact]
    public Task Two_methods_with_one_wire_name() => VerifyAsync("JRPC0006", Usings + """
        [RpcService]
        public interface IOrders
        {
            Task<int> GetAsync(long id);
            Task<int> [|Get|](string code);
            [RpcMethod(Name = "Get")]
            Task<int> [|FindAsync|](int n);
            [RpcMethod(Name = "Lookup")]
            Task<int> LookupOldAsync(int n);
        }
        """, "give one of them [RpcMethod(Name = \"...\")]", "'Get'");

    [Fact]
    public Task Invalid_version_group_and_name() => VerifyAsync("JRPC0007", Usings + """
        [RpcService([|Version = "1.0 beta"|], [|Group = "mall/eu"|], [|Name = "mall.Order-Service"|])]
        public interface IOrders
        {
            Task PingAsync();
        }
        """, "is not valid");

    [Fact]
    public Task Unknown_protocol() => VerifyAsync("JRPC0008", Usings + """
        [RpcService([|Protocol = "tcp,http"|])]
        public interface IOrders
        {
            Task PingAsync();
        }
        """, "\"http\"", "use tcp, grpc or inproc");

    [Fact]
    public Task Generic_contracts_and_methods() => VerifyAsync("JRPC0011", Usings + """
        [RpcService]
        public interface [|IRepository|]<T>
        {
            Task PingAsync();
        }

        [RpcService]
        public interface IOther
        {
            Task<int> [|CountAsync|]<T>(int n);
        }
        """, "is generic");

    [Fact]
    public Task Properties_and_events_on_a_contract() => VerifyAsync("JRPC0012", Usings + """
        [RpcService]
        public interface IOrders
        {
            int [|Count|] { get; }
            event EventHandler [|Changed|];
            Task PingAsync();
        }
        """, "contracts can only declare methods");

    [Fact]
    public Task Retries_on_a_method_not_marked_idempotent() => VerifyAsync("JRPC0014", Usings + """
        [RpcService]
        public interface IOrders
        {
            [RpcMethod([|Retries = 2|])]
            Task PlaceAsync(long id);
            [RpcMethod(Retries = 2, Idempotent = true)]
            Task<int> GetAsync(long id);
            [RpcMethod(Retries = 0)]
            Task CancelAsync(long id);
        }
        """, "retries 2 time(s)", "Idempotent");

    [Fact]
    public Task Non_positive_timeouts() => VerifyAsync("JRPC0015", Usings + """
        [RpcService]
        public interface IOrders
        {
            [RpcMethod([|TimeoutMs = 0|])]
            Task PlaceAsync(long id);
            [RpcMethod([|TimeoutMs = -5|])]
            Task CancelAsync(long id);
            [RpcMethod(TimeoutMs = 1)]
            Task<int> GetAsync(long id);
        }
        """, "use a positive number of milliseconds");

    [Fact]
    public Task Consistent_hash_argument_out_of_range() => VerifyAsync("JRPC0016", Usings + """
        [RpcService]
        public interface IOrders
        {
            [RpcMethod([|HashArguments = new[] { 0, 2 }|])]
            Task PlaceAsync(long id, string user, CancellationToken ct);
            [RpcMethod(HashArguments = new[] { 1 })]
            Task<int> GetAsync(long id, string user);
        }
        """, "hashes on argument 2, but it has 2 argument(s)");

    [Fact]
    public async Task Nothing_is_reported_without_the_runtime()
    {
        var compilation = Microsoft.CodeAnalysis.CSharp.CSharpCompilation.Create(
            "NoRuntime",
            [Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText("public interface IThing { int Add(int a); }")],
            References.Where(r => !(r.Display ?? "").Contains("Junction.Runtime", StringComparison.Ordinal)));

        Assert.Empty(await AnalyzeAsync(compilation));
    }
}
