#nullable enable
using System;
using System.Collections.Generic;

namespace Junction.Routing.Syntax;

/// <summary>One side of a rule: an AND over keys; within a key the values are an OR (mismatches checked first).</summary>
internal sealed class ConditionSyntax
{
    public ConditionSyntax(ConditionPart part, IReadOnlyList<ConditionKeySyntax> keys)
    {
        Part = part;
        Keys = keys;
    }

    public ConditionPart Part { get; }

    /// <summary>Each key once, in the order it first appears; a repeated key's values are merged into it.</summary>
    public IReadOnlyList<ConditionKeySyntax> Keys { get; }

    /// <summary>The key named <paramref name="name"/> (after the <c>consumer.</c>/<c>provider.</c> prefix is removed), or null.</summary>
    public ConditionKeySyntax? Find(string name)
    {
        foreach (var key in Keys)
        {
            if (string.Equals(key.Name, name, StringComparison.Ordinal))
            {
                return key;
            }
        }

        return null;
    }
}
