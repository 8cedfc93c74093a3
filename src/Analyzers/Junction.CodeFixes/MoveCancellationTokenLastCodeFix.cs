using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Junction.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Junction.CodeFixes;

/// <summary>JRPC0004: moves the CancellationToken to the end of the parameter list.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MoveCancellationTokenLastCodeFix)), Shared]
public sealed class MoveCancellationTokenLastCodeFix : CodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.CancellationTokenPosition);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root?.FindNode(context.Span) is not ParameterSyntax parameter || parameter.Parent is not ParameterListSyntax list)
        {
            return;
        }

        // Only a single token in the wrong place can be moved; a repeated token needs a decision about which to drop.
        if (list.Parameters.IndexOf(parameter) == list.Parameters.Count - 1 || CountTokens(list) != 1)
        {
            return;
        }

        context.RegisterCodeFix(
            CodeAction.Create("Move the CancellationToken last", _ => Task.FromResult(Move(context.Document, root, list, parameter)), equivalenceKey: nameof(MoveCancellationTokenLastCodeFix)),
            context.Diagnostics);
    }

    private static int CountTokens(ParameterListSyntax list)
    {
        var count = 0;
        foreach (var parameter in list.Parameters)
        {
            if (parameter.Type?.ToString() is "CancellationToken" or "System.Threading.CancellationToken" or "global::System.Threading.CancellationToken")
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>
    /// Reorders the parameters but keeps the list's layout: the parameter at each position takes the trivia the old one
    /// at that position had, and the separators stay as they were.
    /// </summary>
    private static Document Move(Document document, SyntaxNode root, ParameterListSyntax list, ParameterSyntax token)
    {
        var original = list.Parameters;
        var reordered = new System.Collections.Generic.List<ParameterSyntax>(original.Count);
        foreach (var parameter in original)
        {
            if (parameter != token)
            {
                reordered.Add(parameter);
            }
        }

        reordered.Add(token);
        var placed = new ParameterSyntax[original.Count];
        for (var i = 0; i < placed.Length; i++)
        {
            placed[i] = reordered[i].WithLeadingTrivia(original[i].GetLeadingTrivia()).WithTrailingTrivia(original[i].GetTrailingTrivia());
        }

        var parameters = SyntaxFactory.SeparatedList(placed, original.GetSeparators());
        return document.WithSyntaxRoot(root.ReplaceNode(list, list.WithParameters(parameters)));
    }
}
