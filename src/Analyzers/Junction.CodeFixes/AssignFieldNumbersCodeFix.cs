using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Junction.Analyzers;
using Junction.Generators.Parser;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;

namespace Junction.CodeFixes;

/// <summary>
/// JRPC0018: writes out <c>[RpcField(N)]</c> on every member that takes its number from declaration order, with the
/// number it has today, so the wire format does not change and later reordering cannot change it.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AssignFieldNumbersCodeFix)), Shared]
public sealed class AssignFieldNumbersCodeFix : CodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.ImplicitFieldNumbers);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var declaration = root?.FindToken(context.Span.Start).Parent?.AncestorsAndSelf().OfType<TypeDeclarationSyntax>().FirstOrDefault();
        if (declaration is null)
        {
            return;
        }

        context.RegisterCodeFix(
            CodeAction.Create("Write out field numbers with [RpcField(N)]", ct => Assign(context.Document, declaration, ct), equivalenceKey: nameof(AssignFieldNumbersCodeFix)),
            context.Diagnostics);
    }

    private static async Task<Document> Assign(Document document, TypeDeclarationSyntax declaration, CancellationToken cancellationToken)
    {
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (model?.GetDeclaredSymbol(declaration, cancellationToken) is not INamedTypeSymbol type)
        {
            return document;
        }

        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        foreach (var member in MessageMembers.Read(type, out _, out _, cancellationToken))
        {
            if (member.ExplicitNumber is not null)
            {
                continue;
            }

            // A positional record's member is declared by its parameter; anything else by its property.
            var target = (SyntaxNode?)member.Parameter?.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken) as ParameterSyntax
                ?? member.Property.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken);
            if (target is null || target.SyntaxTree != declaration.SyntaxTree)
            {
                continue;
            }

            var attribute = SyntaxFactory.Attribute(
                SyntaxFactory.IdentifierName("RpcField"),
                SyntaxFactory.AttributeArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.AttributeArgument(CodeFixHelpers.Literal(member.Number)))));
            editor.AddAttribute(target, attribute);
        }

        return editor.GetChangedDocument();
    }
}
