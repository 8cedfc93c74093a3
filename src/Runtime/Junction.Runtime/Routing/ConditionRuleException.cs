using System.Globalization;

namespace Junction.Routing;

/// <summary>A condition rule that does not parse: names the rule, the 1-based column and what was expected there.</summary>
public sealed class ConditionRuleException : FormatException
{
    /// <summary>Creates the exception for <paramref name="rule"/>, failing at <paramref name="column"/> for <paramref name="reason"/>.</summary>
    /// <param name="rule">The rule text.</param>
    /// <param name="column">1-based column of the mistake in <paramref name="rule"/>.</param>
    /// <param name="reason">What is wrong and what was expected.</param>
    public ConditionRuleException(string rule, int column, string reason)
        : base(string.Create(CultureInfo.InvariantCulture, $"Condition rule \"{rule}\" does not parse at column {column}: {reason}"))
    {
        Rule = rule;
        Column = column;
        Reason = reason;
    }

    /// <summary>The rule text.</summary>
    public string Rule { get; }

    /// <summary>1-based column of the mistake in <see cref="Rule"/> (UTF-16 characters; a tab counts as one).</summary>
    public int Column { get; }

    /// <summary>What is wrong and what was expected, without the rule text.</summary>
    public string Reason { get; }
}
