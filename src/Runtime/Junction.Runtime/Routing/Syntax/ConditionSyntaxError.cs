#nullable enable
namespace Junction.Routing.Syntax;

/// <summary>Why a rule does not parse, and where.</summary>
internal sealed class ConditionSyntaxError
{
    public ConditionSyntaxError(int column, string message, bool wholeRule = false)
    {
        Column = column;
        Message = message;
        WholeRule = wholeRule;
    }

    /// <summary>1-based column into the rule text as given (UTF-16 characters, tabs count as one).</summary>
    public int Column { get; }

    /// <summary>What is wrong and what was expected, without the rule text.</summary>
    public string Message { get; }

    /// <summary>The error is about the rule as a whole (it is empty), not about the character at <see cref="Column"/>.</summary>
    public bool WholeRule { get; }

    public override string ToString() => "column " + Column.ToString(System.Globalization.CultureInfo.InvariantCulture) + ": " + Message;
}
