#nullable enable
namespace Junction.Routing.Syntax;

/// <summary>
/// One match of Dubbo's tokeniser: a separator run (<c>""</c>, <c>&amp;</c>, <c>=</c>, <c>!=</c>, <c>,</c> or anything
/// else made of those characters) and the content after it. Offsets are 0-based into the whole rule text.
/// </summary>
internal readonly struct ConditionToken
{
    public ConditionToken(int separatorStart, string separator, int contentStart, string content, string? following)
    {
        SeparatorStart = separatorStart;
        Separator = separator;
        ContentStart = contentStart;
        Content = content;
        Following = following;
    }

    public int SeparatorStart { get; }

    public string Separator { get; }

    public int ContentStart { get; }

    /// <summary>The key or value; empty when the separator run is dangling (nothing follows it but another run or the end).</summary>
    public string Content { get; }

    /// <summary>For a dangling run: the separator run after it, or null at the end of the condition.</summary>
    public string? Following { get; }

    public bool IsDangling => Content.Length == 0;
}
