#nullable enable
namespace Junction.Routing.Syntax;

/// <summary>Where the value of a condition key comes from (Dubbo's <c>ConditionMatcherFactory</c> choice, by key prefix).</summary>
internal enum ConditionKeyKind
{
    /// <summary>
    /// Any other key: a parameter of the consumer or provider (<c>host</c>, <c>port</c>, <c>address</c>,
    /// <c>application</c>, <c>version</c>, <c>group</c>, any metadata key).
    /// </summary>
    Parameter,

    /// <summary><c>method</c> or <c>methods</c>: the called method in a when condition, the provider parameter in a then condition.</summary>
    Method,

    /// <summary><c>arguments[N]</c>: the call's argument N, as text.</summary>
    Argument,

    /// <summary><c>attachments[name]</c>: the call's attachment of that name.</summary>
    Attachment,
}
