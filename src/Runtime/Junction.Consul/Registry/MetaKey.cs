using System.Text;

namespace Junction.Consul.Registry;

/// <summary>
/// Maps metadata keys to Consul meta keys and back. Consul allows only <c>[A-Za-z0-9_-]</c>, at most 128 characters,
/// and reserves the prefix <c>consul-</c> (CONSUL-API.md §1), while Junction's keys include <c>dubbo.tag</c>. The escape:
/// letters, digits and <c>-</c> stay; <c>_</c> becomes <c>__</c>; any other character becomes <c>_</c> and two
/// upper-case hex digits per UTF-8 byte (<c>dubbo.tag</c> ⇒ <c>dubbo_2Etag</c>); the <c>c</c> of a leading
/// <c>consul-</c> is escaped too (<c>_63onsul-…</c>). Plain keys such as <c>application</c> read the same in the Consul UI.
/// Junction's own entries use <c>_</c> followed by a letter that is not a hex digit (<see cref="Protocol"/> …), which no
/// escaped key can produce, so they never collide with metadata.
/// </summary>
internal static class MetaKey
{
    /// <summary>Consul's limit on key length.</summary>
    public const int MaxKeyLength = 128;

    /// <summary>The provider's protocol.</summary>
    public const string Protocol = "_protocol";

    /// <summary>The Junction weight (Consul's own weights cannot be 0).</summary>
    public const string Weight = "_weight";

    /// <summary>The start time, Unix milliseconds.</summary>
    public const string StartTime = "_start";

    /// <summary>The full service key, to tell apart interfaces whose Consul names collide after sanitising.</summary>
    public const string ServiceKey = "_key";

    public static string Escape(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var builder = new StringBuilder(key.Length + 8);
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < key.Length; i++)
        {
            var c = key[i];
            if (i == 0 && key.StartsWith("consul-", StringComparison.Ordinal))
            {
                builder.Append("_63");
            }
            else if (char.IsAsciiLetterOrDigit(c) || c == '-')
            {
                builder.Append(c);
            }
            else if (c == '_')
            {
                builder.Append("__");
            }
            else
            {
                var length = char.IsHighSurrogate(c) && i + 1 < key.Length
                    ? Encoding.UTF8.GetBytes(key.AsSpan(i++, 2), utf8)
                    : Encoding.UTF8.GetBytes(key.AsSpan(i, 1), utf8);
                for (var b = 0; b < length; b++)
                {
                    builder.Append('_').Append(utf8[b].ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
                }
            }
        }

        return builder.ToString();
    }

    /// <summary>Reverses <see cref="Escape"/>; false for keys that are not escaped metadata (Junction's own or foreign).</summary>
    public static bool TryUnescape(string key, out string original)
    {
        original = "";
        if (key.Length == 0)
        {
            return false;
        }

        var bytes = new List<byte>(key.Length);
        for (var i = 0; i < key.Length; i++)
        {
            var c = key[i];
            if (c != '_')
            {
                if (c > 0x7F)
                {
                    return false;
                }

                bytes.Add((byte)c);
                continue;
            }

            if (i + 1 < key.Length && key[i + 1] == '_')
            {
                bytes.Add((byte)'_');
                i++;
            }
            else if (i + 2 < key.Length && char.IsAsciiHexDigitUpper(key[i + 1]) && char.IsAsciiHexDigitUpper(key[i + 2]))
            {
                bytes.Add(Convert.FromHexString(key.AsSpan(i + 1, 2))[0]);
                i += 2;
            }
            else
            {
                return false;
            }
        }

        original = Encoding.UTF8.GetString(bytes.ToArray());
        return true;
    }
}
