using System.ComponentModel;
using System.Globalization;
using System.Text;

namespace Junction.Invocation;

/// <summary>
/// Writes call arguments as UTF-8 text, the way Dubbo's consistent hash reads them (<c>String.valueOf(argument)</c>).
/// Generated request messages call the overload of each argument's type, so the usual key types (string, int, long,
/// Guid, bool) are written without boxing or allocating.
/// </summary>
/// <remarks>
/// Strings, integers and booleans give the same text as Java, so a key hashes the same as in Dubbo. Other types use the
/// .NET invariant text (Java writes <c>1.0</c> where .NET writes <c>1</c>, for example). Other types (other numbers,
/// enums, nullable values, messages) go through <see cref="TryFormatObject"/>, which boxes value types, and types that
/// cannot write UTF-8 themselves use <see cref="object.ToString"/>, which allocates: where the call path matters, hash on
/// a string, int, long or Guid argument.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class RpcArgumentText
{
    /// <summary>Writes a string (<c>null</c> for null); false when <paramref name="destination"/> is too small.</summary>
    public static bool TryFormat(string? value, Span<byte> destination, out int bytesWritten)
        => value is null ? TryCopy("null"u8, destination, out bytesWritten) : Encoding.UTF8.TryGetBytes(value, destination, out bytesWritten);

    /// <summary>Writes <c>true</c> or <c>false</c>, as Java does.</summary>
    public static bool TryFormat(bool value, Span<byte> destination, out int bytesWritten)
        => TryCopy(value ? "true"u8 : "false"u8, destination, out bytesWritten);

    /// <summary>Writes a number in invariant culture, as Java does.</summary>
    public static bool TryFormat(int value, Span<byte> destination, out int bytesWritten) => Invariant(value, destination, out bytesWritten);

    /// <summary>Writes a number in invariant culture, as Java does.</summary>
    public static bool TryFormat(long value, Span<byte> destination, out int bytesWritten) => Invariant(value, destination, out bytesWritten);

    /// <summary>Writes a GUID in its default (hyphenated) form.</summary>
    public static bool TryFormat(Guid value, Span<byte> destination, out int bytesWritten) => Invariant(value, destination, out bytesWritten);

    /// <summary>Writes any other argument through <see cref="TryFormatObject"/> (boxes value types).</summary>
    public static bool TryFormat<T>(T value, Span<byte> destination, out int bytesWritten) => TryFormatObject(value, destination, out bytesWritten);

    /// <summary>Writes an argument of any type; boxed primitives give the same text as their own overloads.</summary>
    public static bool TryFormatObject(object? value, Span<byte> destination, out int bytesWritten) => value switch
    {
        null => TryCopy("null"u8, destination, out bytesWritten),
        string text => TryFormat(text, destination, out bytesWritten),
        bool flag => TryFormat(flag, destination, out bytesWritten),
        IUtf8SpanFormattable formattable => formattable.TryFormat(destination, out bytesWritten, default, CultureInfo.InvariantCulture),
        _ => TryFormat(value.ToString(), destination, out bytesWritten),
    };

    /// <summary>Writes nothing: the argument does not exist.</summary>
    public static bool None(out int bytesWritten)
    {
        bytesWritten = 0;
        return true;
    }

    // A constrained call: no boxing even for value types, even in unoptimized builds.
    private static bool Invariant<T>(T value, Span<byte> destination, out int bytesWritten)
        where T : IUtf8SpanFormattable
        => value.TryFormat(destination, out bytesWritten, default, CultureInfo.InvariantCulture);

    private static bool TryCopy(ReadOnlySpan<byte> text, Span<byte> destination, out int bytesWritten)
    {
        if (text.TryCopyTo(destination))
        {
            bytesWritten = text.Length;
            return true;
        }

        bytesWritten = 0;
        return false;
    }
}
