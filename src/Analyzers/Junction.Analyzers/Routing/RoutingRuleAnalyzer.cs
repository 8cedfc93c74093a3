using System.Collections.Immutable;
using Junction.Routing.Syntax;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;

namespace Junction.Analyzers.Routing;

/// <summary>
/// JRPC0017: a constant rule passed to <c>ConditionRule.Parse</c> or <c>TryParse</c> is parsed at compile time with the
/// runtime's own grammar (the Routing/Syntax files are compiled into this assembly), so a typo fails the build instead of
/// the first call.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class RoutingRuleAnalyzer : DiagnosticAnalyzer
{
    private const string ConditionRuleTypeName = "Junction.Routing.ConditionRule";
    private const string RuntimeAssemblyName = "Junction.Runtime";
    private const string RuleParameterName = "rule";

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.InvalidRoutingRule);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            // Only the runtime's type: a project without the runtime (or with a look-alike of its own) has nothing to check.
            var conditionRule = start.Compilation.GetTypeByMetadataName(ConditionRuleTypeName);
            if (conditionRule is null || conditionRule.ContainingAssembly?.Name != RuntimeAssemblyName)
            {
                return;
            }

            start.RegisterOperationAction(c => AnalyzeInvocation(c, conditionRule), OperationKind.Invocation);
        });
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, INamedTypeSymbol conditionRule)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        if (method.Name is not ("Parse" or "TryParse") || !SymbolEqualityComparer.Default.Equals(method.ContainingType, conditionRule))
        {
            return;
        }

        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter?.Name != RuleParameterName || argument.ArgumentKind == ArgumentKind.DefaultValue)
            {
                continue;
            }

            if (argument.Value.ConstantValue is not { HasValue: true, Value: string rule })
            {
                return;
            }

            var error = ConditionRuleParser.Parse(rule).Error;
            if (error is not null)
            {
                var location = error.WholeRule ? argument.Value.Syntax.GetLocation() : Locate(argument.Value.Syntax, rule, error.Column);
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.InvalidRoutingRule, location, error.Column, error.Message));
            }

            return;
        }
    }

    /// <summary>
    /// The offending character when the argument is a plain <c>"…"</c> literal whose text up to that character has no
    /// escape sequence (so source positions and rule columns line up); otherwise the whole argument.
    /// </summary>
    private static Location Locate(SyntaxNode argument, string rule, int column)
    {
        if (argument is LiteralExpressionSyntax literal
            && literal.Token.IsKind(SyntaxKind.StringLiteralToken)
            && column >= 1
            && column <= rule.Length)
        {
            var text = literal.Token.Text;

            // text[0] is the opening quote ('@' for a verbatim literal); the rule's character at `column` is text[column].
            if (text.Length > column + 1 && text[0] == '"' && text.IndexOf('\\', 1, column) < 0)
            {
                return Location.Create(argument.SyntaxTree, new TextSpan(literal.Token.SpanStart + column, 1));
            }
        }

        return argument.GetLocation();
    }
}
