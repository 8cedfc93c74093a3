namespace Junction.Routing;

/// <summary>The values one key of a condition must match and must not match (Dubbo's match and mismatch sets).</summary>
public sealed class ConditionValues
{
    internal ConditionValues(IReadOnlyList<string> matches, IReadOnlyList<string> mismatches)
    {
        Matches = matches;
        Mismatches = mismatches;
    }

    /// <summary>
    /// Values written after <c>=</c>, in order, each once: the key matches when any of them does. A value is exact text,
    /// <c>*</c>, a glob such as <c>10.0.*</c>, an inclusive range <c>1~100</c> or <c>~100</c>, or in a then condition a
    /// <c>$key</c> reference to the consumer's value.
    /// </summary>
    public IReadOnlyList<string> Matches { get; }

    /// <summary>Values written after <c>!=</c>, in order, each once: the key does not match when any of them does (checked first).</summary>
    public IReadOnlyList<string> Mismatches { get; }
}
