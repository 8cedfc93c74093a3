using System.Globalization;

namespace Junction.Consul.Http;

/// <summary>Go duration strings, as Consul reads them.</summary>
internal static class GoDuration
{
    /// <summary>Whole seconds as <c>15s</c>, anything else as milliseconds, never 0 (0 would mean Consul's default).</summary>
    public static string Format(TimeSpan value)
    {
        if (value.Ticks % TimeSpan.TicksPerSecond == 0)
        {
            return ((long)value.TotalSeconds).ToString(CultureInfo.InvariantCulture) + "s";
        }

        var ms = Math.Max(1L, (long)Math.Ceiling(value.TotalMilliseconds));
        return ms.ToString(CultureInfo.InvariantCulture) + "ms";
    }
}
