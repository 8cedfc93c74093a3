using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace Junction.Scripting;

/// <summary>
/// Rewrites a rule's script so that it counts its own work against <see cref="RouteScriptBudget"/>: every loop body
/// (<c>while</c>, <c>do</c>, <c>for</c>, <c>foreach</c>) and every <c>goto</c> takes a step first, and every local
/// function enters first, as does every lambda or anonymous method stored in a variable (the only way one can call
/// itself). Those are how a script's own code runs without end. Left alone: lambdas passed straight to a method (they
/// run once per provider in the common <c>Providers.Where(p =&gt; …)</c>, and counting them would double what such a
/// rule costs; they cannot name themselves), and the work inside library methods (a regular expression that backtracks).
/// </summary>
/// <remarks>
/// Runs after the script compiled cleanly and passed the sandbox, on the syntax tree alone; the inserted calls shift
/// columns on their lines, which no diagnostic reports any more by then.
/// </remarks>
internal sealed class RouteScriptBounds : CSharpSyntaxRewriter
{
    private static readonly ExpressionSyntax Budget = ParseExpression("global::Junction.Scripting.RouteScriptBudget");

    private readonly SemanticModel _model;
    private readonly TextSpan _script;

    private RouteScriptBounds(SemanticModel model, TextSpan script)
    {
        _model = model;
        _script = script;
    }

    /// <summary>The tree of <paramref name="model"/> with the script in <paramref name="script"/> bounded.</summary>
    public static SyntaxTree Rewrite(SemanticModel model, TextSpan script)
    {
        var tree = model.SyntaxTree;
        var root = new RouteScriptBounds(model, script).Visit(tree.GetRoot())!;
        return tree.WithRootAndOptions(root, tree.Options);
    }

    public override SyntaxNode? Visit(SyntaxNode? node)
    {
        if (node is null || !node.FullSpan.IntersectsWith(_script))
        {
            return node;
        }

        // Asked of the original node, which the semantic model knows; the rewritten one is new.
        var storedLambdaReturnsVoid = node is AnonymousFunctionExpressionSyntax && IsStored(node)
            ? (_model.GetSymbolInfo(node).Symbol as IMethodSymbol)?.ReturnsVoid
            : null;

        return base.Visit(node) switch
        {
            AnonymousFunctionExpressionSyntax lambda when storedLambdaReturnsVoid is { } returnsVoid => Entering(lambda, returnsVoid),
            WhileStatementSyntax loop => loop.WithStatement(Prepend(Call("Step"), loop.Statement)),
            DoStatementSyntax loop => loop.WithStatement(Prepend(Call("Step"), loop.Statement)),
            ForStatementSyntax loop => loop.WithStatement(Prepend(Call("Step"), loop.Statement)),
            CommonForEachStatementSyntax loop => loop.WithStatement(Prepend(Call("Step"), loop.Statement)),
            GotoStatementSyntax jump => Block(Call("Step"), jump),
            LocalFunctionStatementSyntax function => Entering(function),
            var other => other,
        };
    }

    /// <summary>Whether a lambda is the value of a variable (through casts and parentheses), so it can call itself.</summary>
    private static bool IsStored(SyntaxNode lambda)
    {
        var node = lambda;
        while (node.Parent is ParenthesizedExpressionSyntax or CastExpressionSyntax)
        {
            node = node.Parent;
        }

        return node.Parent is EqualsValueClauseSyntax || (node.Parent is AssignmentExpressionSyntax assignment && assignment.Right == node);
    }

    private static AnonymousFunctionExpressionSyntax Entering(AnonymousFunctionExpressionSyntax lambda, bool returnsVoid)
    {
        if (lambda.Block is { } body)
        {
            return lambda.WithBlock(body.WithStatements(body.Statements.Insert(0, Call("Enter"))));
        }

        var expression = lambda.ExpressionBody!;
        StatementSyntax last = returnsVoid ? ExpressionStatement(expression) : ReturnStatement(expression);
        return lambda.WithExpressionBody(null).WithBlock(Block(Call("Enter"), last));
    }

    private static LocalFunctionStatementSyntax Entering(LocalFunctionStatementSyntax function)
    {
        if (function.Body is { } body)
        {
            return function.WithBody(body.WithStatements(body.Statements.Insert(0, Call("Enter"))));
        }

        // An expression body becomes a block: the expression as a statement for void, else returned.
        var expression = function.ExpressionBody!.Expression;
        StatementSyntax last = function.ReturnType is PredefinedTypeSyntax { Keyword.RawKind: (int)SyntaxKind.VoidKeyword }
            ? ExpressionStatement(expression)
            : ReturnStatement(expression);
        return function
            .WithExpressionBody(null)
            .WithSemicolonToken(default)
            .WithBody(Block(Call("Enter"), last));
    }

    private static StatementSyntax Prepend(StatementSyntax step, StatementSyntax body)
        => body is BlockSyntax block
            ? block.WithStatements(block.Statements.Insert(0, step))
            : Block(step, body);

    private static ExpressionStatementSyntax Call(string method)
        => ExpressionStatement(InvocationExpression(MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, Budget, IdentifierName(method))));
}
