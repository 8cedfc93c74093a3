using Microsoft.CodeAnalysis;

namespace Junction.Generators.Tests;

public class GeneratorOutputTests
{
    [Fact]
    public void Every_generated_file_matches_its_snapshot()
    {
        var (_, _, result) = GeneratorHarness.Run(GeneratorHarness.Compile(Contracts.Mall));

        var hints = result.GeneratedSources.Select(s => s.HintName).OrderBy(h => h, StringComparer.Ordinal).ToList();
        foreach (var source in result.GeneratedSources)
        {
            Snapshot.Match(Path.Combine("Mall", Path.GetFileNameWithoutExtension(source.HintName)), source.SourceText.ToString());
        }

        // The set of files is part of the snapshot: a file that is no longer generated must not linger.
        var verified = Directory.GetFiles(Path.Combine(Snapshot.Directory(), "Mall"), "*.verified.cs")
            .Select(f => Path.GetFileName(f).Replace(".verified.cs", ".cs"))
            .OrderBy(h => h, StringComparer.Ordinal)
            .ToList();
        if (!Snapshot.Updating)
        {
            Assert.Equal(verified, hints);
        }

        Assert.Contains("Mall_IOrderService.Client.g.cs", hints);
        Assert.Contains("Mall_IOrderService.Dispatcher.g.cs", hints);
        Assert.Contains("Mall_IOrderService.Descriptor.g.cs", hints);
        Assert.Contains("Mall_IOrderService.Messages.g.cs", hints);
        Assert.Contains("Mall_Order.Serializer.g.cs", hints);
        Assert.Contains("Mall_OrderLine.Serializer.g.cs", hints);
        Assert.Contains("Mall_Address.Serializer.g.cs", hints);
    }

    [Fact]
    public void Generated_code_compiles_without_errors_or_warnings()
    {
        var (_, output, _) = GeneratorHarness.Run(GeneratorHarness.Compile(Contracts.Mall));

        Assert.Empty(GeneratorHarness.Problems(output));
    }

    [Fact]
    public void Descriptor_carries_version_group_protocols_and_method_options()
    {
        var (_, _, result) = GeneratorHarness.Run(GeneratorHarness.Compile(Contracts.Mall));
        var descriptor = result.GeneratedSources.Single(s => s.HintName == "Mall_IOrderService.Descriptor.g.cs").SourceText.ToString();

        Assert.Contains("public const string ServiceKey = \"mall/Mall.IOrderService:1.2.0\";", descriptor);
        Assert.Contains("new string[] { \"tcp\", \"grpc\" }", descriptor);
        Assert.Contains("\"Get\", \"GetAsync\", timeoutMs: 800, retries: 2, idempotent: true", descriptor);
        Assert.Contains("\"Ship\", \"ShipToAsync\"", descriptor);
        Assert.Contains("[global::System.Runtime.CompilerServices.ModuleInitializer]", descriptor);
    }

    [Fact]
    public void A_contract_the_generator_cannot_handle_gets_no_code()
    {
        // The analyzers in the same package report why (JRPC0002, JRPC0005); generated code would only add noise.
        const string source = """
            using System.Threading.Tasks;
            using Junction;
            namespace Bad;
            [RpcService]
            public interface IBad
            {
                int Add(int a, int b);
                Task<System.IO.Stream> OpenAsync();
            }

            [RpcService(Protocol = "inproc")]
            public interface IGood
            {
                Task<int> CountAsync();
            }
            """;

        var (_, output, result) = GeneratorHarness.Run(GeneratorHarness.Compile(source));

        Assert.DoesNotContain(result.GeneratedSources, s => s.HintName.StartsWith("Bad_IBad", StringComparison.Ordinal));
        Assert.Contains(result.GeneratedSources, s => s.HintName == "Bad_IGood.Client.g.cs");
        Assert.Empty(GeneratorHarness.Problems(output));
    }

    [Fact]
    public void A_contract_reaching_a_message_that_cannot_be_constructed_gets_no_code()
    {
        const string source = """
            using System.Threading.Tasks;
            using Junction;
            namespace Bad;
            [RpcMessage]
            public sealed class Sealed
            {
                private Sealed() { }
                public int Value { get; set; }
            }

            [RpcService]
            public interface IUsesSealed
            {
                Task<Sealed> GetAsync();
            }
            """;

        var (_, output, result) = GeneratorHarness.Run(GeneratorHarness.Compile(source));

        Assert.Empty(result.GeneratedSources);
        Assert.Empty(GeneratorHarness.Problems(output));
    }

    [Fact]
    public void Messages_shared_by_two_services_get_one_serializer()
    {
        const string second = """
            using System.Threading.Tasks;
            using Junction;
            namespace Mall;
            [RpcService(Protocol = "inproc")]
            public interface IOrderQuery
            {
                Task<Order> FindAsync(long id);
            }
            """;

        var (_, output, result) = GeneratorHarness.Run(GeneratorHarness.Compile(Contracts.Mall, second));

        Assert.Single(result.GeneratedSources, s => s.HintName == "Mall_Order.Serializer.g.cs");
        Assert.Empty(GeneratorHarness.Problems(output));
    }
}
