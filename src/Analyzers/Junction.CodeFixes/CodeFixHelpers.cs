using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Junction.CodeFixes;

/// <summary>Small syntax helpers the fixes share.</summary>
internal static class CodeFixHelpers
{
    /// <summary><c>Name = value</c> as an attribute argument.</summary>
    public static AttributeArgumentSyntax NamedArgument(string name, ExpressionSyntax value)
        => SyntaxFactory.AttributeArgument(value).WithNameEquals(SyntaxFactory.NameEquals(SyntaxFactory.IdentifierName(name)));

    /// <summary>Adds or replaces the named argument <paramref name="name"/> of an attribute.</summary>
    public static AttributeSyntax WithNamedArgument(AttributeSyntax attribute, string name, ExpressionSyntax value)
    {
        var arguments = attribute.ArgumentList ?? SyntaxFactory.AttributeArgumentList();
        foreach (var argument in arguments.Arguments)
        {
            if (argument.NameEquals?.Name.Identifier.ValueText == name)
            {
                return attribute.WithArgumentList(arguments.ReplaceNode(argument, argument.WithExpression(value)));
            }
        }

        return attribute.WithArgumentList(arguments.AddArguments(NamedArgument(name, value)));
    }

    /// <summary>The attribute on <paramref name="member"/> whose class is <paramref name="metadataName"/>, if any.</summary>
    public static AttributeSyntax? FindAttribute(SemanticModel model, SyntaxList<AttributeListSyntax> lists, string metadataName, System.Threading.CancellationToken cancellationToken)
    {
        foreach (var list in lists)
        {
            foreach (var attribute in list.Attributes)
            {
                if (model.GetTypeInfo(attribute, cancellationToken).Type?.ToDisplayString() == metadataName)
                {
                    return attribute;
                }
            }
        }

        return null;
    }

    public static LiteralExpressionSyntax Literal(string value) => SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(value));

    public static LiteralExpressionSyntax Literal(int value) => SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(value));
}
