using static Junction.Analyzers.Tests.AnalyzerHarness;

namespace Junction.Analyzers.Tests;

public class MessageAnalyzerTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.IO;
        using Junction;

        """;

    [Fact]
    public Task Zero_negative_reserved_and_too_large_field_numbers() => VerifyAsync("JRPC0009", Usings + """
        [RpcMessage]
        public sealed class Order
        {
            [[|RpcField(0)|]] public int A { get; set; }
            [[|RpcField(-3)|]] public int B { get; set; }
            [[|RpcField(19500)|]] public int C { get; set; }
            [[|RpcField(536870912)|]] public int D { get; set; }
            [RpcField(536870911)] public int E { get; set; }
            [RpcField(18999)] public int F { get; set; }
        }
        """, "use a number from 1 to 536870911 outside 19000-19999");

    [Fact]
    public Task Duplicate_field_numbers_explicit_or_implied() => VerifyAsync("JRPC0010", Usings + """
        [RpcMessage]
        public sealed record Order([RpcField(1)] long Id, [[|RpcField(1)|]] string Code);

        [RpcMessage]
        public sealed class Line
        {
            public string Sku { get; set; } = "";
            public int Quantity { get; set; }
            [[|RpcField(2)|]] public decimal Price { get; set; }
        }
        """, "give each member its own [RpcField(N)]");

    [Fact]
    public Task Messages_the_serializer_cannot_construct() => VerifyAsync("JRPC0013", Usings + """
        [RpcMessage]
        public sealed class [|Hidden|]
        {
            private Hidden() { }
            [RpcField(1)] public int Value { get; set; }
        }

        [RpcMessage]
        public abstract class [|Shape|]
        {
            [RpcField(1)] public int Sides { get; set; }
        }

        [RpcMessage]
        public sealed class Fine
        {
            [RpcField(1)] public int Value { get; set; }
        }
        """, "cannot be constructed by the serializer");

    [Fact]
    public async Task Implicit_field_numbers_are_pointed_out_for_the_code_fix()
    {
        var diagnostics = await VerifyAsync("JRPC0018", Usings + """
            [RpcMessage]
            public sealed record [|Order|](long Id, string Code);

            [RpcMessage]
            public sealed record Explicit([RpcField(1)] long Id);
            """);

        Assert.Equal(Microsoft.CodeAnalysis.DiagnosticSeverity.Info, diagnostics.Single().Severity);
    }

    [Fact]
    public Task Member_types_that_cannot_be_serialized() => VerifyAsync("JRPC0005", Usings + """
        [RpcMessage]
        public sealed class Upload
        {
            [RpcField(1)] public Stream? [|Content|] { get; set; }
            [RpcField(2)] public List<List<int>> [|Grid|] { get; set; } = new();
            [RpcField(3)] public string Name { get; set; } = "";
        }
        """, "Upload.");
}
