using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Junction.Analyzers.Tests.Compatibility;

/// <summary>An AdditionalFiles item held in memory, as the compiler hands junction.contracts.json to analyzers.</summary>
internal sealed class InMemoryAdditionalText(string path, string text) : AdditionalText
{
    public override string Path => path;

    public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(text);
}
