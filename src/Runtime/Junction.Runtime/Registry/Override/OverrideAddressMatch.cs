using Junction.Routing.Tag;

namespace Junction.Registry.Override;

/// <summary>
/// <c>match.address</c> / <c>match.providerAddress</c> (Dubbo's <c>AddressMatch</c>): one of <c>cird</c> (an IP
/// expression or CIDR block, as tag rules read addresses), <c>wildcard</c> (<c>*</c> or <c>0.0.0.0</c> for any,
/// otherwise Dubbo's glob: only the last <c>*</c> is special) or <c>exact</c>.
/// </summary>
/// <remarks>Dubbo takes the first kind set when several are; a match naming several is rejected here instead.</remarks>
internal sealed class OverrideAddressMatch
{
    /// <summary>The kinds, in the order Dubbo tries them.</summary>
    public static readonly string[] Kinds = ["cird", "wildcard", "exact"];

    private readonly string _kind;
    private readonly string _value;
    private readonly AddressExpression? _expression;

    private OverrideAddressMatch(string kind, string value, AddressExpression? expression)
    {
        _kind = kind;
        _value = value;
        _expression = expression;
    }

    /// <summary>Builds a match of <paramref name="kind"/>; false with a reason when the value cannot be used.</summary>
    public static bool TryCreate(string kind, string value, out OverrideAddressMatch match, out string error)
    {
        match = null!;
        error = "";
        AddressExpression? expression = null;
        if (kind == "cird" && !AddressExpression.TryParse(value, out expression, out error))
        {
            return false;
        }

        if (Array.IndexOf(Kinds, kind) < 0)
        {
            error = $"'{kind}' is not a kind of address match; use one of {string.Join(", ", Kinds)}";
            return false;
        }

        match = new OverrideAddressMatch(kind, value, expression);
        return true;
    }

    /// <summary>Whether <paramref name="host"/> (and <paramref name="port"/>, 0 when only a host is compared) matches.</summary>
    /// <param name="text">The input as Dubbo compares it: the host, or <c>host:port</c>.</param>
    /// <param name="host">The host alone.</param>
    /// <param name="port">The port, or 0.</param>
    public bool IsMatch(string text, string host, int port)
    {
        switch (_kind)
        {
            case "cird":
                return text == _value || _expression!.Matches(ProviderAddress.Parse(host, port));
            case "wildcard":
                return _value is "*" or "0.0.0.0" || MatchesGlob(_value, text);
            default:
                return text == _value;
        }
    }

    /// <inheritdoc />
    public override string ToString() => _kind + ": " + _value;

    /// <summary>Dubbo's <c>UrlUtils.isMatchGlobPattern</c>: no <c>*</c> ⇒ equal; else the text around the last <c>*</c>.</summary>
    private static bool MatchesGlob(string pattern, string value)
    {
        var star = pattern.LastIndexOf('*');
        if (star < 0)
        {
            return pattern == value;
        }

        var prefix = pattern.AsSpan(0, star);
        var suffix = pattern.AsSpan(star + 1);
        return value.AsSpan().StartsWith(prefix, StringComparison.Ordinal)
            && value.AsSpan().EndsWith(suffix, StringComparison.Ordinal);
    }
}
