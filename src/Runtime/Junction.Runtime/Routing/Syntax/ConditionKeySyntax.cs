#nullable enable
using System.Collections.Generic;

namespace Junction.Routing.Syntax;

/// <summary>One key of a condition with the values it must match and must not match (Dubbo's <c>ConditionMatcher</c>).</summary>
internal sealed class ConditionKeySyntax
{
    public ConditionKeySyntax(
        string name,
        int column,
        ConditionKeyKind kind,
        int argumentIndex,
        string? attachmentName,
        IReadOnlyList<ConditionValueSyntax> matches,
        IReadOnlyList<ConditionValueSyntax> mismatches)
    {
        Name = name;
        Column = column;
        Kind = kind;
        ArgumentIndex = argumentIndex;
        AttachmentName = attachmentName;
        Matches = matches;
        Mismatches = mismatches;
    }

    /// <summary>
    /// The key as written, without a leading <c>consumer.</c> or <c>provider.</c>: <c>host</c>, <c>arguments[0].inner</c>,
    /// <c>attachments[dubbo.tag]</c>. Two keys are the same key when their names are equal (ordinal).
    /// </summary>
    public string Name { get; }

    /// <summary>1-based column of the key's first appearance in the rule text.</summary>
    public int Column { get; }

    public ConditionKeyKind Kind { get; }

    /// <summary>N of <c>arguments[N]</c> (0-based); -1 for other kinds.</summary>
    public int ArgumentIndex { get; }

    /// <summary>The name inside <c>attachments[…]</c>; null for other kinds.</summary>
    public string? AttachmentName { get; }

    /// <summary>Values after <c>=</c>, in order, duplicates removed: the key matches if any of them does.</summary>
    public IReadOnlyList<ConditionValueSyntax> Matches { get; }

    /// <summary>Values after <c>!=</c>, in order, duplicates removed: the key does not match if any of them does.</summary>
    public IReadOnlyList<ConditionValueSyntax> Mismatches { get; }

    public override string ToString() => Name;
}
