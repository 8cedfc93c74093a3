#nullable enable
namespace Junction.Routing.Syntax;

/// <summary>How a value is compared (Dubbo's <c>ValuePattern</c> choice: range first, then wildcard).</summary>
internal enum ConditionValueKind
{
    /// <summary>No <c>*</c>, <c>~</c> or reference: equal text, case-sensitive.</summary>
    Exact,

    /// <summary><c>*</c> alone: any value that is present.</summary>
    Any,

    /// <summary>
    /// Contains <c>*</c>: Dubbo's glob, which looks only at the last <c>*</c>: the value must start with the text before
    /// it and end with the text after it (<c>1.1.*</c>, <c>*.3</c>, <c>10.*.3</c>; <c>a*b*c</c> is prefix <c>a*b</c>, suffix <c>c</c>).
    /// </summary>
    Glob,

    /// <summary>Contains <c>~</c>: an inclusive integer range, <c>from~to</c> or <c>~to</c>.</summary>
    Range,

    /// <summary>
    /// <c>$key</c> in a then condition: the consumer's value of <c>key</c>, itself read as a glob. In a when condition
    /// <c>$key</c> is plain text, as in Dubbo.
    /// </summary>
    Reference,
}
