using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace Junction.Analyzers.Tests;

/// <summary>
/// Runs analyzers and code fixes on in-memory sources, with <c>[|…|]</c> markup for the spans a diagnostic must cover
/// (Refit's fixtures, on plain Roslyn APIs).
/// </summary>
internal static class AnalyzerHarness
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    public static readonly ImmutableArray<MetadataReference> References = BuildReferences();

    public static ImmutableArray<DiagnosticAnalyzer> AllAnalyzers { get; } = typeof(Descriptors).Assembly.GetTypes()
        .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t))
        .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
        .ToImmutableArray();

    public static CSharpCompilation Compile(params string[] sources) => CSharpCompilation.Create(
        "Contracts.Tests",
        sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: $"/src/File{i}.cs")),
        References,
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    public static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(Compilation compilation, ImmutableArray<AdditionalText> additionalFiles = default)
    {
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(additionalFiles.IsDefault ? [] : additionalFiles),
            onAnalyzerException: (exception, analyzer, _) => throw new InvalidOperationException($"{analyzer} threw", exception),
            concurrentAnalysis: false,
            logAnalyzerExecutionTime: false);
        var diagnostics = await compilation.WithAnalyzers(AllAnalyzers, options).GetAnalyzerDiagnosticsAsync();
        return [.. diagnostics.OrderBy(d => d.Location.SourceSpan.Start)];
    }

    /// <summary>
    /// Asserts that the diagnostics with <paramref name="id"/> cover exactly the <c>[|…|]</c> spans of
    /// <paramref name="markup"/>, that no other Junction diagnostic of warning or error severity appears, and that
    /// every message contains <paramref name="messageContains"/>.
    /// </summary>
    public static async Task<ImmutableArray<Diagnostic>> VerifyAsync(string id, string markup, params string[] messageContains)
    {
        var (source, spans) = ParseMarkup(markup);
        var diagnostics = await AnalyzeAsync(Compile(source));

        var matching = diagnostics.Where(d => d.Id == id).ToImmutableArray();
        Assert.True(
            spans.SequenceEqual(matching.Select(d => d.Location.SourceSpan)),
            $"Expected {id} at [{string.Join(", ", spans.Select(s => Describe(source, s)))}], got [{string.Join(", ", matching.Select(d => Describe(source, d.Location.SourceSpan) + ": " + d.GetMessage()))}]");
        foreach (var diagnostic in matching)
        {
            foreach (var text in messageContains)
            {
                Assert.Contains(text, diagnostic.GetMessage());
            }

            Assert.False(string.IsNullOrEmpty(diagnostic.Descriptor.HelpLinkUri));
        }

        var others = diagnostics.Where(d => d.Id != id && d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.True(others.Count == 0, "Unexpected: " + string.Join("; ", others.Select(d => d.ToString())));
        return matching;
    }

    /// <summary>Asserts that valid code gets no Junction diagnostic of warning or error severity, and compiles.</summary>
    public static async Task VerifyCleanAsync(string source)
    {
        var compilation = Compile(source);
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, "The test source does not compile: " + string.Join("; ", errors));
        var diagnostics = await AnalyzeAsync(compilation);
        var reported = diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.True(reported.Count == 0, "Unexpected: " + string.Join("; ", reported.Select(d => d.ToString())));
    }

    public static (string Source, ImmutableArray<TextSpan> Spans) ParseMarkup(string markup)
    {
        var spans = ImmutableArray.CreateBuilder<TextSpan>();
        var builder = new System.Text.StringBuilder(markup.Length);
        var starts = new Stack<int>();
        for (var i = 0; i < markup.Length; i++)
        {
            if (markup[i] == '[' && i + 1 < markup.Length && markup[i + 1] == '|')
            {
                starts.Push(builder.Length);
                i++;
            }
            else if (markup[i] == '|' && i + 1 < markup.Length && markup[i + 1] == ']')
            {
                spans.Add(TextSpan.FromBounds(starts.Pop(), builder.Length));
                i++;
            }
            else
            {
                builder.Append(markup[i]);
            }
        }

        return (builder.ToString(), [.. spans.OrderBy(s => s.Start)]);
    }

    /// <summary>
    /// Applies the code fix with <paramref name="equivalenceKey"/> (or the only one) to the first diagnostic
    /// <paramref name="id"/> until none is left, or once with <paramref name="fixAll"/>, and returns the fixed source.
    /// </summary>
    public static async Task<string> ApplyFixAsync(CodeFixProvider fix, string id, string source, string? equivalenceKey = null, bool fixAll = false)
    {
        using var workspace = new AdhocWorkspace();
        var project = workspace.AddProject(ProjectInfo.Create(
            ProjectId.CreateNewId(), VersionStamp.Default, "Contracts.Tests", "Contracts.Tests", LanguageNames.CSharp,
            compilationOptions: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable),
            parseOptions: ParseOptions,
            metadataReferences: References));
        var document = workspace.AddDocument(project.Id, "File0.cs", SourceText.From(source));

        for (var round = 0; round < 50; round++)
        {
            var compilation = (await document.Project.GetCompilationAsync())!;
            var diagnostic = (await AnalyzeAsync(compilation)).FirstOrDefault(d => d.Id == id);
            if (diagnostic is null)
            {
                break;
            }

            CodeAction? action;
            if (fixAll)
            {
                var provider = fix.GetFixAllProvider()!;
                var actions = new List<CodeAction>();
                await fix.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (a, _) => actions.Add(a), CancellationToken.None));
                var key = equivalenceKey ?? actions.Single().EquivalenceKey;
                var all = (await AnalyzeAsync(compilation)).Where(d => d.Id == id).ToImmutableArray();
                var context = new FixAllContext(document, fix, FixAllScope.Document, key, [id], new FixedDiagnosticProvider(all), CancellationToken.None);
                action = await provider.GetFixAsync(context);
            }
            else
            {
                var actions = new List<CodeAction>();
                await fix.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (a, _) => actions.Add(a), CancellationToken.None));
                action = equivalenceKey is null ? actions.Single() : actions.Single(a => a.EquivalenceKey == equivalenceKey);
            }

            var operations = await action!.GetOperationsAsync(CancellationToken.None);
            var solution = operations.OfType<ApplyChangesOperation>().Single().ChangedSolution;
            document = solution.GetDocument(document.Id)!;
            if (fixAll)
            {
                break;
            }
        }

        return (await document.GetTextAsync()).ToString();
    }

    private static string Describe(string source, TextSpan span) => $"{span} `{source.Substring(span.Start, span.Length)}`";

    private static ImmutableArray<MetadataReference> BuildReferences()
    {
        var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).ToList();
        paths.Add(typeof(RpcServiceAttribute).Assembly.Location);
        return [.. paths.Distinct()
            .Where(p => !Path.GetFileName(p).StartsWith("Junction.Analyzers", StringComparison.Ordinal) && !Path.GetFileName(p).StartsWith("Junction.CodeFixes", StringComparison.Ordinal))
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))];
    }

    private sealed class FixedDiagnosticProvider(ImmutableArray<Diagnostic> diagnostics) : FixAllContext.DiagnosticProvider
    {
        public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken) => Task.FromResult<IEnumerable<Diagnostic>>(diagnostics);

        public override Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken) => Task.FromResult<IEnumerable<Diagnostic>>(diagnostics);

        public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken) => Task.FromResult<IEnumerable<Diagnostic>>([]);
    }
}
