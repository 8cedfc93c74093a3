#nullable enable
namespace Junction.Routing.Syntax;

/// <summary>One value of a key, classified the way Dubbo picks its value pattern.</summary>
internal sealed class ConditionValueSyntax
{
    private ConditionValueSyntax(
        string text, int column, ConditionValueKind kind, string prefix, string suffix, int? rangeFrom, int rangeTo, string? referenceName)
    {
        Text = text;
        Column = column;
        Kind = kind;
        Prefix = prefix;
        Suffix = suffix;
        RangeFrom = rangeFrom;
        RangeTo = rangeTo;
        ReferenceName = referenceName;
    }

    /// <summary>The value as written (a reference's <c>consumer.</c>/<c>provider.</c> prefix removed); equal texts are one value.</summary>
    public string Text { get; }

    /// <summary>1-based column of the value in the rule text.</summary>
    public int Column { get; }

    public ConditionValueKind Kind { get; }

    /// <summary>For <see cref="ConditionValueKind.Glob"/>: the text before the last <c>*</c>; otherwise empty.</summary>
    public string Prefix { get; }

    /// <summary>For <see cref="ConditionValueKind.Glob"/>: the text after the last <c>*</c>; otherwise empty.</summary>
    public string Suffix { get; }

    /// <summary>For <see cref="ConditionValueKind.Range"/>: the inclusive lower bound, or null for <c>~to</c>.</summary>
    public int? RangeFrom { get; }

    /// <summary>For <see cref="ConditionValueKind.Range"/>: the inclusive upper bound; otherwise 0.</summary>
    public int RangeTo { get; }

    /// <summary>For <see cref="ConditionValueKind.Reference"/>: the consumer key after <c>$</c>; otherwise null.</summary>
    public string? ReferenceName { get; }

    public static ConditionValueSyntax Exact(string text, int column) => new(text, column, ConditionValueKind.Exact, "", "", null, 0, null);

    public static ConditionValueSyntax Any(int column) => new("*", column, ConditionValueKind.Any, "", "", null, 0, null);

    public static ConditionValueSyntax Glob(string text, int column, string prefix, string suffix)
        => new(text, column, ConditionValueKind.Glob, prefix, suffix, null, 0, null);

    public static ConditionValueSyntax Range(string text, int column, int? from, int to)
        => new(text, column, ConditionValueKind.Range, "", "", from, to, null);

    public static ConditionValueSyntax Reference(string text, int column, string name)
        => new(text, column, ConditionValueKind.Reference, "", "", null, 0, name);

    public override string ToString() => Text;
}
