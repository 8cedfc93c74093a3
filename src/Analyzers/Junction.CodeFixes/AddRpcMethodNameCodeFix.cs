using System.Collections.Generic;
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
/// JRPC0006: gives the clashing method its own wire name with <c>[RpcMethod(Name = …)]</c>: its full C# name when that
/// is free, else the name with a number.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddRpcMethodNameCodeFix)), Shared]
public sealed class AddRpcMethodNameCodeFix : CodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.DuplicateWireName);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        var method = root?.FindToken(context.Span.Start).Parent?.AncestorsAndSelf().OfType<MethodDeclarationSyntax>().FirstOrDefault();
        if (root is null || model is null || method is null || model.GetDeclaredSymbol(method, context.CancellationToken) is not IMethodSymbol symbol)
        {
            return;
        }

        var name = FreeName(symbol, model, context.CancellationToken);
        context.RegisterCodeFix(
            CodeAction.Create($"Name it \"{name}\" on the wire", ct => RenameAsync(context.Document, root, model, method, name, ct), equivalenceKey: nameof(AddRpcMethodNameCodeFix)),
            context.Diagnostics);
    }

    private static string FreeName(IMethodSymbol method, SemanticModel model, CancellationToken cancellationToken)
    {
        var used = new HashSet<string>();
        var contract = method.ContainingType;
        foreach (var other in contract.GetMembers().Concat(contract.AllInterfaces.SelectMany(i => i.GetMembers())).OfType<IMethodSymbol>())
        {
            if (!SymbolEqualityComparer.Default.Equals(other, method))
            {
                used.Add(WireName(other));
            }
        }

        var candidate = method.Name;
        for (var n = 2; used.Contains(candidate); n++)
        {
            candidate = Naming.WireMethodName(method.Name) + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return candidate;
    }

    private static string WireName(IMethodSymbol method)
    {
        foreach (var attribute in method.GetAttributes())
        {
            if (attribute.AttributeClass?.ToDisplayString() == KnownNames.RpcMethodAttribute)
            {
                foreach (var argument in attribute.NamedArguments)
                {
                    if (argument.Key == "Name" && argument.Value.Value is string name)
                    {
                        return name;
                    }
                }
            }
        }

        return Naming.WireMethodName(method.Name);
    }

    private static async Task<Document> RenameAsync(Document document, SyntaxNode root, SemanticModel model, MethodDeclarationSyntax method, string name, CancellationToken cancellationToken)
    {
        var existing = CodeFixHelpers.FindAttribute(model, method.AttributeLists, KnownNames.RpcMethodAttribute, cancellationToken);
        if (existing is not null)
        {
            return document.WithSyntaxRoot(root.ReplaceNode(existing, CodeFixHelpers.WithNamedArgument(existing, "Name", CodeFixHelpers.Literal(name))));
        }

        // The editor puts the attribute after the method's doc comment and keeps its indentation.
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        editor.AddAttribute(method, SyntaxFactory.Attribute(
            SyntaxFactory.IdentifierName("RpcMethod"),
            SyntaxFactory.AttributeArgumentList(SyntaxFactory.SingletonSeparatedList(CodeFixHelpers.NamedArgument("Name", CodeFixHelpers.Literal(name))))));
        return editor.GetChangedDocument();
    }
}
