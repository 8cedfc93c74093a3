#nullable enable
namespace Junction.Routing.Syntax;

/// <summary>A parsed rule or the first syntax error in it; parsing never throws.</summary>
internal sealed class ConditionParseResult
{
    private ConditionParseResult(ConditionRuleSyntax? rule, ConditionSyntaxError? error)
    {
        Rule = rule;
        Error = error;
    }

    /// <summary>The rule, when it parsed.</summary>
    public ConditionRuleSyntax? Rule { get; }

    /// <summary>The first error, when it did not.</summary>
    public ConditionSyntaxError? Error { get; }

    public static ConditionParseResult Success(ConditionRuleSyntax rule) => new(rule, null);

    public static ConditionParseResult Failure(ConditionSyntaxError error) => new(null, error);

    public static ConditionParseResult Failure(int column, string message) => new(null, new ConditionSyntaxError(column, message));
}
