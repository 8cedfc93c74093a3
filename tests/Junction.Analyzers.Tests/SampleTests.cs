using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Junction.Analyzers.Tests;

/// <summary>The samples are what users copy: the analyzers must have nothing to say about them, not even a suggestion.</summary>
public class SampleTests
{
    [Theory]
    [InlineData("samples/Quickstart")]
    public async Task The_analyzers_report_nothing_on_a_sample(string folder)
    {
        var directory = Path.Combine(RepositoryRoot(), folder);
        var files = Directory.GetFiles(directory, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToList();
        Assert.NotEmpty(files);

        var usings = "global using System; global using System.IO; global using System.Linq; global using System.Collections.Generic; global using System.Threading; global using System.Threading.Tasks;";
        var trees = files.Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), AnalyzerHarness.ParseOptions, path: f))
            .Append(CSharpSyntaxTree.ParseText(usings, AnalyzerHarness.ParseOptions, path: "GlobalUsings.cs"));
        var compilation = CSharpCompilation.Create(
            "Sample",
            trees,
            AnalyzerHarness.References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

        var diagnostics = await AnalyzerHarness.AnalyzeAsync(compilation);

        Assert.True(diagnostics.IsEmpty, string.Join("\n", diagnostics.Select(d => d.ToString())));
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Toolkit.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Toolkit.sln not found above " + AppContext.BaseDirectory);
    }
}
