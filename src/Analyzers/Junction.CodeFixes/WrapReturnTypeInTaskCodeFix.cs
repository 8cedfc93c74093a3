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
using Microsoft.CodeAnalysis.Formatting;

namespace Junction.CodeFixes;

/// <summary>JRPC0002: <c>int Add(...)</c> becomes <c>Task&lt;int&gt; Add(...)</c>; <c>void</c> becomes <c>Task</c>.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(WrapReturnTypeInTaskCodeFix)), Shared]
public sealed class WrapReturnTypeInTaskCodeFix : CodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.UnsupportedReturnType);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root?.FindNode(context.Span, getInnermostNodeForTie: true) is not TypeSyntax type || type.Parent is not MethodDeclarationSyntax method)
        {
            return;
        }

        // An async stream is not a wrong Task: wrapping it would change its meaning.
        if (type is GenericNameSyntax { Identifier.ValueText: "IAsyncEnumerable" })
        {
            return;
        }

        var isVoid = type is PredefinedTypeSyntax { Keyword.RawKind: (int)SyntaxKind.VoidKeyword };
        var title = isVoid ? "Return Task" : $"Return Task<{type}>";
        context.RegisterCodeFix(
            CodeAction.Create(title, ct => Wrap(context.Document, root, method, isVoid, ct), equivalenceKey: nameof(WrapReturnTypeInTaskCodeFix)),
            context.Diagnostics);
    }

    private static Task<Document> Wrap(Document document, SyntaxNode root, MethodDeclarationSyntax method, bool isVoid, System.Threading.CancellationToken cancellationToken)
    {
        var text = isVoid ? "Task" : $"Task<{method.ReturnType.WithoutTrivia()}>";
        var wrapped = SyntaxFactory.ParseTypeName(text).WithTriviaFrom(method.ReturnType);
        var updated = root.ReplaceNode(method.ReturnType, wrapped);
        if (updated is CompilationUnitSyntax unit && !HasTasksUsing(unit, method))
        {
            updated = unit.AddUsings(SyntaxFactory.UsingDirective(SyntaxFactory.ParseName("System.Threading.Tasks")).WithAdditionalAnnotations(Formatter.Annotation));
        }

        return Task.FromResult(document.WithSyntaxRoot(updated));
    }

    /// <summary>Whether <c>Task</c> already resolves through a using directive in scope of the method.</summary>
    private static bool HasTasksUsing(CompilationUnitSyntax unit, MethodDeclarationSyntax method)
    {
        foreach (var directive in unit.Usings)
        {
            if (directive.Name?.ToString() == "System.Threading.Tasks")
            {
                return true;
            }
        }

        foreach (var ns in method.Ancestors().OfType<BaseNamespaceDeclarationSyntax>())
        {
            foreach (var directive in ns.Usings)
            {
                if (directive.Name?.ToString() == "System.Threading.Tasks")
                {
                    return true;
                }
            }
        }

        return false;
    }
}
