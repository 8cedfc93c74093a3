using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using System.Text;
using Junction.Registry;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Junction.Scripting;

/// <summary>
/// Compiles rule scripts with Roslyn, once per distinct text: into a real class whose <c>Route</c> method is the script
/// (a plain virtual call per route, no <c>Task</c> and no submission array as C# scripting's delegates have), against
/// a small reference set, then through <see cref="RouteScriptSandbox"/>.
/// </summary>
internal static class RouteScriptCompiler
{
    /// <summary>
    /// Distinct texts kept compiled. Rules change by hand, so this is never reached in practice; past it the cache starts
    /// afresh, and compiled rules no router uses any more are unloaded with their load context.
    /// </summary>
    private const int CacheLimit = 256;

    private const int MostErrors = 10;

    private static readonly ConcurrentDictionary<string, Lazy<CompiledRouteScript>> Cache = new(StringComparer.Ordinal);

    private static readonly Lazy<MetadataReference[]> References = new(LoadReferences);

    private static readonly CSharpParseOptions ParseOptions = CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Latest);

    private static readonly CSharpCompilationOptions CompilationOptions = new(
        OutputKind.DynamicallyLinkedLibrary,
        optimizationLevel: OptimizationLevel.Release,
        allowUnsafe: false,
        nullableContextOptions: NullableContextOptions.Disable,
        concurrentBuild: false,
        deterministic: true);

    /// <summary>The compiled script for <paramref name="script"/>, compiling it the first time this text is seen.</summary>
    public static CompiledRouteScript Compile(string script)
    {
        ArgumentNullException.ThrowIfNull(script);
        if (Cache.Count >= CacheLimit)
        {
            Cache.Clear();
        }

        return Cache.GetOrAdd(script, static text => new Lazy<CompiledRouteScript>(() => CompileNew(text))).Value;
    }

    private static CompiledRouteScript CompileNew(string script)
    {
        MetadataReference[] references;
        try
        {
            references = References.Value;
        }
        catch (InvalidOperationException e)
        {
            return CompiledRouteScript.Failed(e.Message);
        }

        var source = RouteScriptSource.Wrap(script, out var scriptSpan);
        var tree = CSharpSyntaxTree.ParseText(source, ParseOptions);
        var compilation = CSharpCompilation.Create("JunctionRouteScript", [tree], references, CompilationOptions);
        var model = compilation.GetSemanticModel(tree);

        var refusals = RouteScriptSandbox.Check(model, scriptSpan);
        if (refusals.Count > 0)
        {
            return CompiledRouteScript.Failed("the C# script is refused: " + string.Join("; ", refusals));
        }

        // Errors are reported from the script as written; only a script that compiles is bounded (RouteScriptBounds),
        // and that is what runs.
        var diagnostics = compilation.GetDiagnostics();
        if (diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error))
        {
            return CompiledRouteScript.Failed("the C# script does not compile: " + DescribeErrors(diagnostics));
        }

        using var image = new MemoryStream();
        var emitted = compilation.ReplaceSyntaxTree(tree, RouteScriptBounds.Rewrite(model, scriptSpan)).Emit(image);
        if (!emitted.Success)
        {
            // A form the bounds rewriter does not handle: refuse the rule (the previous one stays) rather than run it unbounded.
            return CompiledRouteScript.Failed(
                "the C# script compiles, but Junction could not bound its loops (a bug in Junction.Scripting; please report it with the script): " +
                DescribeErrors(emitted.Diagnostics));
        }

        image.Position = 0;
        var assembly = new RouteScriptLoadContext().LoadFromStream(image);
        var create = assembly.GetType(RouteScriptSource.RuleTypeName, throwOnError: true)!
            .GetMethod(RouteScriptSource.FactoryMethodName, BindingFlags.Public | BindingFlags.Static)!
            .CreateDelegate<Func<RouteScriptContext>>();
        return CompiledRouteScript.Compiled(create);
    }

    private static string DescribeErrors(IEnumerable<Diagnostic> diagnostics)
    {
        var text = new StringBuilder();
        var count = 0;
        foreach (var diagnostic in diagnostics)
        {
            if (diagnostic.Severity != DiagnosticSeverity.Error)
            {
                continue;
            }

            if (count++ == MostErrors)
            {
                text.Append("; …");
                break;
            }

            if (count > 1)
            {
                text.Append("; ");
            }

            var span = diagnostic.Location.GetMappedLineSpan();
            if (span.HasMappedPath && span.Path == RouteScriptSource.ScriptPath)
            {
                var at = span.StartLinePosition;
                text.Append(CultureInfo.InvariantCulture, $"line {at.Line + 1}:{at.Character + 1}: ");
            }

            // Not all code paths return a value: reported at the wrapper's method name, so say it in the script's terms.
            text.Append(diagnostic.Id == "CS0161"
                ? "CS0161: the script must end with an expression (no semicolon) or return the chosen providers on every path"
                : diagnostic.Id + ": " + diagnostic.GetMessage(CultureInfo.InvariantCulture));
        }

        return text.ToString();
    }

    /// <summary>
    /// What a script compiles against: the core library and its facade, LINQ, collections, regular expressions, and the
    /// Junction types it is given. No System.IO, System.Net.Http, System.Diagnostics.Process or Microsoft.CSharp
    /// (<c>dynamic</c>) assemblies; what CoreLib itself holds is left to the sandbox.
    /// </summary>
    private static MetadataReference[] LoadReferences()
    {
        Assembly[] assemblies =
        [
            typeof(object).Assembly,
            Assembly.Load("System.Runtime"),
            typeof(Enumerable).Assembly,
            Assembly.Load("System.Collections"),
            typeof(System.Text.RegularExpressions.Regex).Assembly,
            typeof(ServiceInstance).Assembly,
            typeof(RouteScriptContext).Assembly,
        ];
        var references = new MetadataReference[assemblies.Length];
        for (var i = 0; i < assemblies.Length; i++)
        {
            var location = assemblies[i].Location;
            if (string.IsNullOrEmpty(location))
            {
                throw new InvalidOperationException(
                    $"C# routing scripts need the assembly files to compile against, and {assemblies[i].GetName().Name} has none " +
                    "(single-file or in-memory publishing); publish the application as files to use script rules.");
            }

            references[i] = MetadataReference.CreateFromFile(location);
        }

        return references;
    }
}
