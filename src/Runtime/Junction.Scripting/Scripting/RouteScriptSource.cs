using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace Junction.Scripting;

/// <summary>
/// Turns a rule's script into the source of a class derived from <see cref="RouteScriptContext"/>: the script is the
/// body of its <c>Route</c> method, and a script that ends in an expression (C# scripting's result value, as Dubbo's
/// script router takes the last expression) gets a <c>return</c> in front of that expression. <c>#line</c> directives
/// keep the script's own lines and columns in every diagnostic.
/// </summary>
internal static class RouteScriptSource
{
    /// <summary>The file name diagnostics give the script's lines, so they can be told from the wrapper's.</summary>
    public const string ScriptPath = "rule";

    /// <summary>The metadata name of the compiled rule class.</summary>
    public const string RuleTypeName = "JunctionRouteScripts.Rule";

    /// <summary>The name of the static method that creates a context of the rule.</summary>
    public const string FactoryMethodName = "Create";

    /// <summary>The member declarations of the wrapper: its namespace, the rule class, <c>Create</c> and <c>Route</c>.</summary>
    public const int DeclarationCount = 4;

    private const string Prologue = """
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using System.Text;
        using System.Text.RegularExpressions;
        using Junction.Registry;
        using Junction.Routing;

        namespace JunctionRouteScripts
        {
            public sealed class Rule : global::Junction.Scripting.RouteScriptContext
            {
                public static global::Junction.Scripting.RouteScriptContext Create() => new Rule();

                protected override global::System.Collections.Generic.IEnumerable<global::Junction.Registry.ServiceInstance> Route()
                {
                    global::Junction.Scripting.RouteScriptBudget.Enter();
        #line 1 "rule"

        """;

    private const string Epilogue = """

        #line default
                }
            }
        }
        """;

    /// <summary>Builds the source of the rule class; <paramref name="script"/> is where the script's text lies in it.</summary>
    public static string Wrap(string script, out TextSpan scriptSpan)
    {
        var body = AsMethodBody(script);
        scriptSpan = new TextSpan(Prologue.Length, body.Length);
        return Prologue + body + Epilogue;
    }

    /// <summary>
    /// The script as statements: unchanged, unless it ends in an expression without a semicolon, which becomes
    /// <c>return</c> that expression. The <c>return</c> goes on a line of its own, and a <c>#line</c> directive gives the
    /// expression back its line, with spaces for its column.
    /// </summary>
    private static string AsMethodBody(string script)
    {
        var tree = CSharpSyntaxTree.ParseText(script, CSharpParseOptions.Default.WithKind(SourceCodeKind.Script));
        var root = (CompilationUnitSyntax)tree.GetRoot();
        if (root.Members.LastOrDefault() is not GlobalStatementSyntax { Statement: ExpressionStatementSyntax { SemicolonToken.IsMissing: true } last })
        {
            return script;
        }

        var expression = last.Expression.Span;
        var start = tree.GetLineSpan(expression).StartLinePosition;
        return new System.Text.StringBuilder(script.Length + 32)
            .Append(script, 0, expression.Start)
            .Append("return\n#line ")
            .Append((start.Line + 1).ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Append(" \"" + ScriptPath + "\"\n")
            .Append(' ', start.Character)
            .Append(script, expression.Start, expression.Length)
            .Append(';')
            .Append(script, expression.End, script.Length - expression.End)
            .ToString();
    }
}
