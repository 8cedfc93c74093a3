using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading.Tasks;
using Junction.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Junction.CodeFixes;

/// <summary>JRPC0014: either mark the retried method <c>Idempotent = true</c>, or set <c>Retries = 0</c>.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(FixRetriesCodeFix)), Shared]
public sealed class FixRetriesCodeFix : CodeFixProvider
{
    /// <summary>Equivalence key of the "mark Idempotent" fix.</summary>
    public const string MarkIdempotent = nameof(FixRetriesCodeFix) + ".Idempotent";

    /// <summary>Equivalence key of the "Retries = 0" fix.</summary>
    public const string NoRetries = nameof(FixRetriesCodeFix) + ".NoRetries";

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.RetriesWithoutIdempotent);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var attribute = root?.FindNode(context.Span).AncestorsAndSelf().OfType<AttributeSyntax>().FirstOrDefault();
        if (root is null || attribute is null)
        {
            return;
        }

        context.RegisterCodeFix(
            CodeAction.Create("Mark the method Idempotent", _ => Replace(context.Document, root, attribute, "Idempotent", SyntaxFactory.LiteralExpression(SyntaxKind.TrueLiteralExpression)), equivalenceKey: MarkIdempotent),
            context.Diagnostics);
        context.RegisterCodeFix(
            CodeAction.Create("Set Retries = 0", _ => Replace(context.Document, root, attribute, "Retries", CodeFixHelpers.Literal(0)), equivalenceKey: NoRetries),
            context.Diagnostics);
    }

    private static Task<Document> Replace(Document document, SyntaxNode root, AttributeSyntax attribute, string name, ExpressionSyntax value)
        => Task.FromResult(document.WithSyntaxRoot(root.ReplaceNode(attribute, CodeFixHelpers.WithNamedArgument(attribute, name, value))));
}
