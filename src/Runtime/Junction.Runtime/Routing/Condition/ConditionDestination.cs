using Junction.Routing.Syntax;

namespace Junction.Routing.Condition;

/// <summary>One <c>to</c> entry of a v3.1 condition: the providers it selects and its share of the calls.</summary>
/// <param name="Match">The provider condition as written; blank selects every provider.</param>
/// <param name="Condition">The parsed provider condition (a then condition); null selects every provider.</param>
/// <param name="Weight">The relative share of calls when several destinations have providers; at least 1.</param>
internal sealed record ConditionDestination(string Match, ConditionSyntax? Condition, int Weight);
