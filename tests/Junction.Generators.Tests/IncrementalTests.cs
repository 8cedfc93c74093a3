using System.Collections;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Junction.Generators.Tests;

public class IncrementalTests
{
    private static readonly string[] TrackedSteps = [StepNames.Services, StepNames.Messages, StepNames.AllMessages];

    [Fact]
    public void An_unrelated_edit_reuses_every_step_and_output()
    {
        var compilation = GeneratorHarness.Compile(Contracts.Mall);
        var (driver, _, _) = GeneratorHarness.Run(compilation);

        var edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText(Contracts.Unrelated, GeneratorHarness.ParseOptions, path: "/src/Unrelated.cs"));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        foreach (var step in TrackedSteps)
        {
            Assert.All(
                result.TrackedSteps[step].SelectMany(s => s.Outputs),
                o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{step} was {o.Reason}"));
        }

        Assert.All(
            result.TrackedOutputSteps.SelectMany(kv => kv.Value).SelectMany(s => s.Outputs),
            o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
    }

    [Fact]
    public void Changing_the_version_regenerates_the_service()
    {
        var compilation = GeneratorHarness.Compile(Contracts.Mall);
        var (driver, _, _) = GeneratorHarness.Run(compilation);

        var tree = compilation.SyntaxTrees.Single();
        var changed = tree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(Contracts.Mall.Replace("Version = \"1.2.0\"", "Version = \"2.0.0\"")));
        var result = driver.RunGenerators(compilation.ReplaceSyntaxTree(tree, changed)).GetRunResult().Results.Single();

        Assert.Contains(result.TrackedSteps[StepNames.Services].SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
        var descriptor = result.GeneratedSources.Single(s => s.HintName == "Mall_IOrderService.Descriptor.g.cs").SourceText.ToString();
        Assert.Contains("mall/Mall.IOrderService:2.0.0", descriptor);
    }

    [Fact]
    public void Models_hold_no_symbols_syntax_locations_or_compilations()
    {
        var (_, _, result) = GeneratorHarness.Run(GeneratorHarness.Compile(Contracts.Mall));

        var values = TrackedSteps.SelectMany(step => result.TrackedSteps[step]).SelectMany(s => s.Outputs).Select(o => o.Value).ToList();
        Assert.NotEmpty(values);
        foreach (var value in values)
        {
            AssertNoRoslynObjects(value, "model", new HashSet<object>(ReferenceEqualityComparer.Instance));
        }
    }

    [Fact]
    public void The_model_check_catches_a_symbol()
    {
        var compilation = GeneratorHarness.Compile(Contracts.Mall);
        var symbol = compilation.GetTypeByMetadataName("Mall.Order")!;

        Assert.ThrowsAny<Exception>(() => AssertNoRoslynObjects(new { Name = "x", Items = new object[] { symbol } }, "probe", new HashSet<object>(ReferenceEqualityComparer.Instance)));
    }

    private static void AssertNoRoslynObjects(object? value, string path, HashSet<object> seen)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum || !seen.Add(value))
        {
            return;
        }

        Assert.False(
            value is ISymbol or Compilation or SyntaxNode or SemanticModel or Location or SyntaxTree,
            $"{path} holds a {value.GetType().Name}; models must hold names only, or the generator re-runs on every edit.");

        if (value is IEnumerable items)
        {
            var index = 0;
            foreach (var item in items)
            {
                AssertNoRoslynObjects(item, $"{path}[{index++}]", seen);
            }
        }

        foreach (var field in value.GetType().GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
        {
            AssertNoRoslynObjects(field.GetValue(value), $"{path}.{field.Name}", seen);
        }
    }
}
