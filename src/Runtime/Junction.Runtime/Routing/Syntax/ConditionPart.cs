#nullable enable
namespace Junction.Routing.Syntax;

/// <summary>Which side of <c>=&gt;</c> a condition comes from; the two sides read values from different places.</summary>
internal enum ConditionPart
{
    /// <summary>Before <c>=&gt;</c>: matched against the consumer and the call.</summary>
    When,

    /// <summary>After <c>=&gt;</c>: matched against each provider; <c>$key</c> values refer to the consumer.</summary>
    Then,
}
