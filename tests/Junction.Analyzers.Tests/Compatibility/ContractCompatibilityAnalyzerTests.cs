using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace Junction.Analyzers.Tests.Compatibility;

/// <summary>
/// JRPC0019 and JRPC0020: the contract as compiled now against the one recorded in junction.contracts.json.
/// Each test locks <see cref="Published"/> (with the generator's own parser and manifest builder) and analyzes an edit.
/// </summary>
public sealed class ContractCompatibilityAnalyzerTests
{
    /// <summary>The contract as published: what the lock file records.</summary>
    private const string Published = """
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using Junction;

        namespace Shop;

        public enum Status { Open = 1, Closed = 2 }

        [RpcMessage]
        public sealed record Order([RpcField(1)] long Id, [RpcField(2)] string Customer, [RpcField(3)] decimal Total)
        {
            [RpcField(4)] public List<string> Tags { get; init; } = new();
            [RpcField(5)] public Dictionary<string, int> Stock { get; init; } = new();
        }

        public static class Catalog
        {
            [RpcMessage]
            public sealed class Sku
            {
                [RpcField(1)] public string Code { get; set; } = "";
                [RpcField(2)] public double Price { get; set; }
            }
        }

        [RpcService(Version = "1.4.0", Group = "shop")]
        public interface IOrders
        {
            Task<Order> GetAsync(long id, CancellationToken ct = default);
            Task<Order> PlaceAsync(string customer, int quantity);
            Task CancelAsync(Order order);
            Task<int> CountAsync(Status status);
            Task<Catalog.Sku> SkuAsync(string code);
        }
        """;

    private static readonly string Lock = LockFiles.LockOf(Published);

    [Fact]
    public async Task Unchanged_contract_reports_nothing()
    {
        await VerifyAsync(Published);
    }

    [Fact]
    public async Task Removed_method_is_reported_at_the_interface()
    {
        var diagnostics = await VerifyAsync(Edit(
            "    Task CancelAsync(Order order);\n", "",
            "public interface IOrders", "public interface [|IOrders|]"));
        Assert.Equal(
            "'Shop.IOrders' no longer has method 'Cancel' since junction.contracts.json was locked at version 1.4.0; restore it, or raise the major Version and run 'dotnet junction contracts lock'",
            diagnostics.Single().GetMessage());
    }

    [Fact]
    public async Task Changed_request_message_is_reported_at_the_method()
    {
        var diagnostics = await VerifyAsync(Edit("Task<Order> GetAsync(long id, CancellationToken ct = default);", "Task<Order> [|GetAsync|](Order order, CancellationToken ct = default);"));
        Assert.StartsWith("'Shop.IOrders.Get' changed its request from 'GetRequest' to 'Order' since", diagnostics.Single().GetMessage());
    }

    [Fact]
    public async Task Changed_response_message_is_reported_at_the_method()
    {
        var diagnostics = await VerifyAsync(Edit("Task<Order> PlaceAsync(string customer, int quantity);", "Task<long> [|PlaceAsync|](string customer, int quantity);"));
        Assert.StartsWith("'Shop.IOrders.Place' changed its response from 'Order' to 'PlaceResponse' since", diagnostics.Single().GetMessage());
    }

    [Fact]
    public async Task Removed_field_is_reported_at_the_message()
    {
        var diagnostics = await VerifyAsync(Edit(
            ", [RpcField(3)] decimal Total)", ")",
            "public sealed record Order(", "public sealed record [|Order|]("));
        Assert.StartsWith("'Order' in 'Shop.IOrders' no longer has field 'total' = 3 since junction.contracts.json was locked at version 1.4.0", diagnostics.Single().GetMessage());
    }

    [Fact]
    public async Task Renumbered_field_is_reported_at_the_member()
    {
        var diagnostics = await VerifyAsync(Edit("[RpcField(2)] string Customer", "[RpcField(6)] string [|Customer|]"));
        Assert.StartsWith("'Order' in 'Shop.IOrders' moved field 'customer' from number 2 to 6 since", diagnostics.Single().GetMessage());
    }

    [Fact]
    public async Task Field_number_reused_under_another_name_is_reported_at_the_member()
    {
        var diagnostics = await VerifyAsync(Edit("[RpcField(2)] string Customer", "[RpcField(2)] string [|Buyer|]"));
        Assert.StartsWith("'Order' in 'Shop.IOrders' reuses field number 2 for 'buyer' (string), which was 'customer' (string) since", diagnostics.Single().GetMessage());
    }

    [Fact]
    public async Task Field_number_reused_with_another_type_is_reported_at_the_member()
    {
        var diagnostics = await VerifyAsync(Edit("[RpcField(3)] decimal Total", "[RpcField(3)] double [|Total|]"));
        Assert.StartsWith("'Order' in 'Shop.IOrders' changed field 'total' = 3 from string to double since", diagnostics.Single().GetMessage());
    }

    [Fact]
    public async Task Changed_list_element_and_map_value_types_are_reported()
    {
        var diagnostics = await VerifyAsync(Edit(
            "[RpcField(4)] public List<string> Tags", "[RpcField(4)] public List<int> [|Tags|]",
            "[RpcField(5)] public Dictionary<string, int> Stock", "[RpcField(5)] public Dictionary<string, long> [|Stock|]"));
        Assert.Contains("changed field 'tags' = 4 from repeated string to repeated int32", diagnostics[0].GetMessage());
        Assert.Contains("changed field 'stock' = 5 from map<string, int32> to map<string, int64>", diagnostics[1].GetMessage());
    }

    [Fact]
    public async Task Removed_parameter_is_reported_at_the_method_that_carries_it()
    {
        var diagnostics = await VerifyAsync(Edit("Task<Order> PlaceAsync(string customer, int quantity);", "Task<Order> [|PlaceAsync|](string customer);"));
        Assert.StartsWith("'PlaceRequest' in 'Shop.IOrders' no longer has field 'quantity' = 2 since", diagnostics.Single().GetMessage());
    }

    [Fact]
    public async Task Renamed_parameter_is_reported_at_the_parameter()
    {
        var diagnostics = await VerifyAsync(Edit("Task<Order> PlaceAsync(string customer, int quantity);", "Task<Order> PlaceAsync(string customer, int [|count|]);"));
        Assert.StartsWith("'PlaceRequest' in 'Shop.IOrders' reuses field number 2 for 'count' (int32), which was 'quantity' (int32) since", diagnostics.Single().GetMessage());
    }

    [Fact]
    public async Task Field_removed_from_a_nested_message_is_reported_at_the_nested_type()
    {
        var diagnostics = await VerifyAsync(Edit(
            "        [RpcField(2)] public double Price { get; set; }\n", "",
            "public sealed class Sku", "public sealed class [|Sku|]"));
        Assert.StartsWith("'Catalog_Sku' in 'Shop.IOrders' no longer has field 'price' = 2 since", diagnostics.Single().GetMessage());
    }

    [Fact]
    public async Task Several_breaking_changes_are_each_reported()
    {
        var diagnostics = await VerifyAsync(Edit(
            "    Task CancelAsync(Order order);\n", "",
            "public interface IOrders", "public interface [|IOrders|]",
            ", [RpcField(3)] decimal Total)", ")",
            "public sealed record Order(", "public sealed record [|Order|]("));
        Assert.Equal(2, diagnostics.Length);
    }

    [Fact]
    public async Task Minor_version_bump_does_not_allow_a_breaking_change()
    {
        var diagnostics = await VerifyAsync(Edit(
            "Version = \"1.4.0\"", "Version = \"1.5.0\"",
            "    Task CancelAsync(Order order);\n", "",
            "public interface IOrders", "public interface [|IOrders|]"));
        Assert.Contains("locked at version 1.4.0", diagnostics.Single().GetMessage());
    }

    [Theory]
    [InlineData("2.0.0")]
    [InlineData("2")]
    [InlineData("10.0.0")]
    public async Task Raised_major_version_allows_every_change(string version)
    {
        await VerifyAsync(Edit(
            "Version = \"1.4.0\"", $"Version = \"{version}\"",
            "    Task CancelAsync(Order order);\n", "",
            ", [RpcField(3)] decimal Total)", ")",
            "[RpcField(2)] string Customer", "[RpcField(6)] string Customer",
            "Task<Order> GetAsync(long id, CancellationToken ct = default);", "Task<Order> GetAsync(Order order, CancellationToken ct = default);"));
    }

    [Fact]
    public async Task Adding_methods_messages_fields_and_parameters_reports_nothing()
    {
        await VerifyAsync(Edit(
            "    Task<int> CountAsync(Status status);\n", "    Task<int> CountAsync(Status status);\n    Task<Invoice> InvoiceAsync(long orderId);\n",
            "[RpcField(5)] public Dictionary<string, int> Stock { get; init; } = new();", "[RpcField(5)] public Dictionary<string, int> Stock { get; init; } = new();\n    [RpcField(6)] public string? Note { get; init; }",
            "Task<Order> PlaceAsync(string customer, int quantity);", "Task<Order> PlaceAsync(string customer, int quantity, string? coupon);",
            "public static class Catalog", "[RpcMessage]\npublic sealed record Invoice([RpcField(1)] long Id);\n\npublic static class Catalog"));
    }

    [Fact]
    public async Task Making_a_field_nullable_is_not_a_wire_change()
    {
        await VerifyAsync(Edit("[RpcField(2)] string Customer", "[RpcField(2)] string? Customer"));
    }

    [Fact]
    public async Task Another_group_is_another_contract()
    {
        await VerifyAsync(Edit(
            "Group = \"shop\"", "Group = \"shop-eu\"",
            "    Task CancelAsync(Order order);\n", ""));
    }

    [Fact]
    public async Task Contract_missing_from_the_lock_file_is_not_checked()
    {
        var lockOfOther = LockFiles.LockOf(Published.Replace("interface IOrders", "interface IOtherOrders"));
        var diagnostics = await AnalyzeAsync(Published.Replace("    Task CancelAsync(Order order);\n", ""), LockFiles.File(lockOfOther));
        Assert.Empty(diagnostics);
    }

    [Fact]
    public async Task Contract_that_does_not_parse_is_left_to_the_contract_analyzer()
    {
        // Returning int is JRPC0002; its method drops out of the model and must not also read as a removed method.
        var diagnostics = await AnalyzeAsync(Published.Replace("Task<int> CountAsync(Status status);", "int CountAsync(Status status);"), LockFiles.File(Lock));
        Assert.Empty(diagnostics);
    }

    [Fact]
    public async Task No_lock_file_reports_nothing()
    {
        var edited = Published.Replace("    Task CancelAsync(Order order);\n", "");
        Assert.Empty(await AnalyzeAsync(edited, default));
        Assert.Empty(await AnalyzeAsync(edited, [new InMemoryAdditionalText("/src/contracts.json", Lock)]));
    }

    [Fact]
    public async Task Lock_file_is_found_by_file_name_in_any_folder()
    {
        var diagnostics = await AnalyzeAsync(Published.Replace("    Task CancelAsync(Order order);\n", ""), [new InMemoryAdditionalText("/repo/contracts/Junction.Contracts.json", Lock)]);
        Assert.Equal(DiagnosticIds.BreakingContractChange, diagnostics.Single().Id);
    }

    [Fact]
    public async Task Malformed_lock_file_is_reported_once_with_line_and_column()
    {
        var malformed = Lock.Replace("\"group\": \"shop\",", "\"group\": \"shop\",,");
        var line = malformed.Substring(0, malformed.IndexOf(",,", StringComparison.Ordinal)).Count(c => c == '\n') + 1;
        var source = Published + "\n[RpcService] public interface IMore { Task PingAsync(); }\n";

        var diagnostics = await AnalyzeAsync(source, LockFiles.File(malformed));

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(DiagnosticIds.InvalidContractLock, diagnostic.Id);
        Assert.Equal(Location.None, diagnostic.Location);
        Assert.Equal(
            $"junction.contracts.json cannot be read: expected a property name in double quotes, found ',' at line {line}, column 23; fix it or recreate it with 'dotnet junction contracts lock'",
            diagnostic.GetMessage());
    }

    [Fact]
    public async Task Lock_file_without_the_manifest_shape_is_reported_with_line_and_column()
    {
        var wrong = Lock.Replace("\"number\": 1,", "\"number\": \"1\",");
        var lineOfFirst = wrong.Substring(0, wrong.IndexOf("\"number\": \"1\"", StringComparison.Ordinal)).Count(c => c == '\n') + 1;

        var diagnostic = Assert.Single(await AnalyzeAsync(Published, LockFiles.File(wrong)));

        Assert.Equal(DiagnosticIds.InvalidContractLock, diagnostic.Id);
        Assert.Contains($"\"number\" must be a whole number at line {lineOfFirst}, column ", diagnostic.GetMessage());
    }

    /// <summary>Applies pairs of (old, new) replacements to <see cref="Published"/>, failing when one does not apply.</summary>
    private static string Edit(params string[] replacements)
    {
        var source = Published;
        for (var i = 0; i < replacements.Length; i += 2)
        {
            Assert.True(source.Contains(replacements[i], StringComparison.Ordinal), "Not in the source: " + replacements[i]);
            source = source.Replace(replacements[i], replacements[i + 1]);
        }

        return source;
    }

    /// <summary>
    /// Analyzes <paramref name="markup"/> against <see cref="Lock"/> and asserts that JRPC0019 is reported exactly at the
    /// <c>[|…|]</c> spans (none when there are none), and that the edited source still compiles.
    /// </summary>
    private static async Task<ImmutableArray<Diagnostic>> VerifyAsync(string markup)
    {
        var (source, spans) = AnalyzerHarness.ParseMarkup(markup);
        var diagnostics = await AnalyzeAsync(source, LockFiles.File(Lock));
        Assert.True(
            spans.SequenceEqual(diagnostics.Select(d => d.Location.SourceSpan)),
            $"Expected JRPC0019 at [{string.Join(", ", spans.Select(s => source.Substring(s.Start, s.Length)))}], got [{string.Join("; ", diagnostics.Select(d => d.Id + " " + d.Location.GetLineSpan() + ": " + d.GetMessage()))}]");
        Assert.All(diagnostics, d => Assert.Equal(DiagnosticIds.BreakingContractChange, d.Id));
        return diagnostics;
    }

    /// <summary>The compatibility diagnostics for <paramref name="source"/>, after checking that it compiles.</summary>
    private static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(string source, ImmutableArray<AdditionalText> additionalFiles)
    {
        var compilation = AnalyzerHarness.Compile(source);
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, "The test source does not compile: " + string.Join("; ", errors));
        var diagnostics = await AnalyzerHarness.AnalyzeAsync(compilation, additionalFiles);
        return [.. diagnostics.Where(d => d.Id is DiagnosticIds.BreakingContractChange or DiagnosticIds.InvalidContractLock)];
    }
}
