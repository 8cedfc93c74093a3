using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace Junction.Scripting;

/// <summary>
/// Rewrites a rule's script so that it counts its own work against <see cref="RouteScriptBudget"/>: every loop body
/// (<c>while</c>, <c>do</c>, <c>for</c>, <c>foreach</c>) and every <c>goto</c> takes a step first, and every local
/// function enters first. Those are how a script's own code runs without end. Left alone: a delegate that calls itself
/// (lambdas run once per provider in the common <c>Providers.Where(p =&gt; …)</c>, and counting them would double what
/// such a rule costs), and the work inside library methods the script calls (a regular expression that backtracks).
/// </summary>
/// <remarks>
/// Runs after the script compiled cleanly and passed the sandbox, on the syntax tree alone; the inserted calls shift
/// columns on their lines, which no diagnostic reports any more by then.
/// </remarks>
internal sealed class RouteScriptBounds : CSharpSyntaxRewriter
{
    private static readonly ExpressionSyntax Budget = ParseExpression("global::Junction.Scripting.RouteScriptBudget");

    private readonly TextSpan _script;

    private RouteScriptBounds(TextSpan script) => _script = script;

    /// <summary>The tree with the script in <paramref name="script"/> bounded.</summary>
    public static SyntaxTree Rewrite(SyntaxTree tree, TextSpan script)
    {
        var root = new RouteScriptBounds(script).Visit(tree.GetRoot())!;
        return tree.WithRootAndOptions(root, tree.Options);
    }

    public override SyntaxNode? Visit(SyntaxNode? node)
    {
        if (node is null || !node.FullSpan.IntersectsWith(_script))
        {
            return node;
        }

        return base.Visit(node) switch
        {
            WhileStatementSyntax loop => loop.WithStatement(Prepend(Call("Step"), loop.Statement)),
            DoStatementSyntax loop => loop.WithStatement(Prepend(Call("Step"), loop.Statement)),
            ForStatementSyntax loop => loop.WithStatement(Prepend(Call("Step"), loop.Statement)),
            CommonForEachStatementSyntax loop => loop.WithStatement(Prepend(Call("Step"), loop.Statement)),
            GotoStatementSyntax jump => Block(Call("Step"), jump),
            LocalFunctionStatementSyntax function => Entering(function),
            var other => other,
        };
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
