using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace Junction.Scripting;

/// <summary>
/// Rewrites a rule's script so that it counts its own work against <see cref="RouteScriptBudget"/>: every loop body
/// (<c>while</c>, <c>do</c>, <c>for</c>, <c>foreach</c>) and every <c>goto</c> takes a step first, and every local
/// function, lambda and anonymous method enters first (the script's own method enters too, see
/// <see cref="RouteScriptSource"/>); and no catch clause of the script catches the budget's exception. Those are how a
/// script's own code runs without end. Left alone: the work inside library methods (a regular expression that backtracks).
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
        var lambdaReturnsVoid = node is AnonymousFunctionExpressionSyntax
            && _model.GetSymbolInfo(node).Symbol is IMethodSymbol { ReturnsVoid: true };

        return base.Visit(node) switch
        {
            AnonymousFunctionExpressionSyntax lambda => Entering(lambda, lambdaReturnsVoid),
            WhileStatementSyntax loop => loop.WithStatement(Prepend(Call("Step"), loop.Statement)),
            DoStatementSyntax loop => loop.WithStatement(Prepend(Call("Step"), loop.Statement)),
            ForStatementSyntax loop => loop.WithStatement(Prepend(Call("Step"), loop.Statement)),
            CommonForEachStatementSyntax loop => loop.WithStatement(Prepend(Call("Step"), loop.Statement)),
            GotoStatementSyntax jump => Block(Call("Step"), jump),
            LocalFunctionStatementSyntax function => Entering(function),
            CatchClauseSyntax handler => Unable(handler),
            var other => other,
        };
    }

    /// <summary>
    /// A catch clause that lets the budget's exception through once the route is over its budget: a script that caught it
    /// could go on looping (each catch costing a throw) or return a result after all.
    /// </summary>
    private static CatchClauseSyntax Unable(CatchClauseSyntax handler)
    {
        ExpressionSyntax withinBudget = PrefixUnaryExpression(
            SyntaxKind.LogicalNotExpression,
            MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, Budget, IdentifierName("Exceeded")));
        var filter = handler.Filter is { } own
            ? BinaryExpression(SyntaxKind.LogicalAndExpression, withinBudget, ParenthesizedExpression(own.FilterExpression))
            : withinBudget;
        return handler.WithFilter(CatchFilterClause(filter));
    }

    private static AnonymousFunctionExpressionSyntax Entering(AnonymousFunctionExpressionSyntax lambda, bool returnsVoid)
    {
        if (lambda.Block is { } body)
        {
            return lambda.WithBlock(body.WithStatements(body.Statements.Insert(0, Call("Enter"))));
        }

        return lambda.WithExpressionBody(null).WithBlock(Block(Call("Enter"), AsStatement(lambda.ExpressionBody!, returnsVoid)));
    }

    private static LocalFunctionStatementSyntax Entering(LocalFunctionStatementSyntax function)
    {
        if (function.Body is { } body)
        {
            return function.WithBody(body.WithStatements(body.Statements.Insert(0, Call("Enter"))));
        }

        if (function.ExpressionBody is not { Expression: var expression })
        {
            return function;   // extern: nothing of the script's runs
        }

        var returnsVoid = function.ReturnType is PredefinedTypeSyntax { Keyword.RawKind: (int)SyntaxKind.VoidKeyword };
        return function
            .WithExpressionBody(null)
            .WithSemicolonToken(default)
            .WithBody(Block(Call("Enter"), AsStatement(expression, returnsVoid)));
    }

    /// <summary>An expression body as the statement a block body needs: thrown, evaluated (void) or returned.</summary>
    private static StatementSyntax AsStatement(ExpressionSyntax expression, bool returnsVoid)
        => expression switch
        {
            ThrowExpressionSyntax thrown => ThrowStatement(thrown.Expression),
            _ when returnsVoid => ExpressionStatement(expression),
            _ => ReturnStatement(expression),
        };

    private static StatementSyntax Prepend(StatementSyntax step, StatementSyntax body)
        => body is BlockSyntax block
            ? block.WithStatements(block.Statements.Insert(0, step))
            : Block(step, body);

    private static ExpressionStatementSyntax Call(string method)
        => ExpressionStatement(InvocationExpression(MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, Budget, IdentifierName(method))));
}
