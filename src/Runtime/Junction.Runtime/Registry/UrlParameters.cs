namespace Junction.Registry;

/// <summary>
/// The query of a Dubbo-style URL (<c>key=value&amp;key=value</c>), read as Dubbo's <c>URL.valueOf</c> reads it: a
/// repeated key keeps its last value, a key without <c>=</c> has an empty value (Dubbo stores the key as its own value,
/// which no rule author expects), and names and values are percent-decoded (<c>+</c> stays a plus). Shared by direct
/// connections (<see cref="Hosting.ReferenceOptions.Url"/>) and the <c>junction route</c> tool.
/// </summary>
internal static class UrlParameters
{
    /// <summary>The parameters of <paramref name="query"/> (without its <c>?</c>).</summary>
    /// <exception cref="FormatException">A parameter has no name or a bad escape; the message says which.</exception>
    public static Dictionary<string, string> Parse(string query)
    {
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            var key = Decode(equals < 0 ? part : part[..equals], "a parameter name");
            if (key.Length == 0)
            {
                throw new FormatException($"parameter '{part}' has no name");
            }

            parameters[key] = equals < 0 ? "" : Decode(part[(equals + 1)..], $"parameter '{key}'");
        }

        return parameters;
    }

    /// <summary>Percent-decodes <paramref name="text"/>, refusing a '%' without two hex digits; <paramref name="what"/> names it in the error.</summary>
    /// <exception cref="FormatException">A '%' is not followed by two hex digits.</exception>
    public static string Decode(string text, string what)
    {
        for (var i = text.IndexOf('%', StringComparison.Ordinal); i >= 0; i = text.IndexOf('%', i + 1))
        {
            if (i + 2 >= text.Length || !char.IsAsciiHexDigit(text[i + 1]) || !char.IsAsciiHexDigit(text[i + 2]))
            {
                throw new FormatException($"{what} has a '%' that is not followed by two hex digits ('{text}')");
            }
        }

        return Uri.UnescapeDataString(text);
    }
}
