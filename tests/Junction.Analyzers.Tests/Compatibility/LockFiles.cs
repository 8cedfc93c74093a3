using System.Collections.Immutable;
using Junction.Generators.Parser;
using Microsoft.CodeAnalysis;

namespace Junction.Analyzers.Tests.Compatibility;

/// <summary>Builds lock files from contract sources with the same parser and manifest builder the generator uses.</summary>
internal static class LockFiles
{
    public const string Path = "/src/junction.contracts.json";

    /// <summary>The manifest of every [RpcService] interface in <paramref name="sources"/>, as 'contracts lock' writes it.</summary>
    public static ContractManifest ManifestOf(params string[] sources)
    {
        var compilation = AnalyzerHarness.Compile(sources);
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, "The locked source does not compile: " + string.Join("; ", errors));

        var contracts = new List<ManifestContract>();
        foreach (var type in AllTypes(compilation.Assembly.GlobalNamespace))
        {
            var attribute = type.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == KnownNames.RpcServiceAttribute);
            if (type.TypeKind == TypeKind.Interface && attribute is not null)
            {
                var model = ContractParser.ParseService(type, attribute, compilation.AssemblyName, CancellationToken.None);
                Assert.Empty(model.Errors);
                contracts.Add(ContractManifest.Build(model));
            }
        }

        Assert.NotEmpty(contracts);
        return ContractManifest.Empty.With(contracts);
    }

    public static string LockOf(params string[] sources) => ManifestOf(sources).ToJson();

    public static ImmutableArray<AdditionalText> File(string json) => [new InMemoryAdditionalText(Path, json)];

    private static IEnumerable<INamedTypeSymbol> AllTypes(INamespaceOrTypeSymbol container)
    {
        foreach (var member in container.GetMembers())
        {
            if (member is INamespaceOrTypeSymbol nested)
            {
                if (nested is INamedTypeSymbol type)
                {
                    yield return type;
                }

                foreach (var inner in AllTypes(nested))
                {
                    yield return inner;
                }
            }
        }
    }
}
