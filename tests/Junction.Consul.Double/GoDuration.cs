using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Junction.Consul.Tests.Double;

/// <summary>
/// Go's <c>time.ParseDuration</c> and <c>Duration.String</c>: Consul reads and writes durations as <c>"10s"</c>,
/// <c>"1m30s"</c>, <c>"500ms"</c>. Errors carry Go's text, because Consul passes it through to the 400 body.
/// </summary>
internal static class GoDuration
{
    private static readonly (string Unit, long Ticks)[] Units =
    [
        ("ns", 0), ("us", 10), ("µs", 10), ("μs", 10), ("ms", TimeSpan.TicksPerMillisecond),
        ("s", TimeSpan.TicksPerSecond), ("m", TimeSpan.TicksPerMinute), ("h", TimeSpan.TicksPerHour),
    ];

    public static bool TryParse(string text, out TimeSpan value, out string error)
    {
        value = TimeSpan.Zero;
        error = $"time: invalid duration \"{text}\"";
        var s = text.AsSpan();
        var negative = false;
        if (s.Length > 0 && (s[0] == '-' || s[0] == '+'))
        {
            negative = s[0] == '-';
            s = s[1..];
        }

        if (s is "0")
        {
            return true;
        }

        if (s.IsEmpty)
        {
            return false;
        }

        decimal total = 0;
        while (!s.IsEmpty)
        {
            var numberLength = 0;
            while (numberLength < s.Length && (char.IsAsciiDigit(s[numberLength]) || s[numberLength] == '.'))
            {
                numberLength++;
            }

            if (numberLength == 0 || !decimal.TryParse(s[..numberLength], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            {
                return false;
            }

            s = s[numberLength..];
            var unitLength = 0;
            while (unitLength < s.Length && !char.IsAsciiDigit(s[unitLength]) && s[unitLength] != '.')
            {
                unitLength++;
            }

            if (unitLength == 0)
            {
                error = $"time: missing unit in duration \"{text}\"";
                return false;
            }

            var unit = s[..unitLength].ToString();
            var ticks = Array.Find(Units, u => u.Unit == unit);
            if (ticks.Unit is null)
            {
                error = $"time: unknown unit \"{unit}\" in duration \"{text}\"";
                return false;
            }

            total += unit == "ns" ? number / 100 : number * ticks.Ticks;
            s = s[unitLength..];
        }

        value = TimeSpan.FromTicks((long)(negative ? -total : total));
        return true;
    }

    /// <summary>Go's <c>Duration.String</c>: <c>0s</c>, <c>500ms</c>, <c>30s</c>, <c>1m0s</c>, <c>1h30m0s</c>.</summary>
    public static string Format(TimeSpan value)
    {
        if (value == TimeSpan.Zero)
        {
            return "0s";
        }

        var builder = new StringBuilder();
        if (value < TimeSpan.Zero)
        {
            builder.Append('-');
            value = value.Negate();
        }

        if (value < TimeSpan.FromSeconds(1))
        {
            return value.Ticks % TimeSpan.TicksPerMillisecond == 0
                ? builder.Append(value.Ticks / TimeSpan.TicksPerMillisecond).Append("ms").ToString()
                : builder.Append((value.Ticks / 10m).ToString(CultureInfo.InvariantCulture)).Append("µs").ToString();
        }

        var hours = (long)value.TotalHours;
        if (hours > 0)
        {
            builder.Append(hours).Append('h');
        }

        if (hours > 0 || value.Minutes > 0)
        {
            builder.Append(value.Minutes).Append('m');
        }

        var seconds = (value.Ticks % TimeSpan.TicksPerMinute) / (decimal)TimeSpan.TicksPerSecond;
        return builder.Append(seconds.ToString("0.#######", CultureInfo.InvariantCulture)).Append('s').ToString();
    }
}

/// <summary>Reads a Go duration the way Consul's decoder does: a string like <c>"30s"</c> or a number of nanoseconds.</summary>
internal sealed class GoDurationConverter : JsonConverter<TimeSpan?>
{
    public override TimeSpan? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.Number:
                return TimeSpan.FromTicks(reader.GetInt64() / 100);
            case JsonTokenType.String:
                var text = reader.GetString() ?? string.Empty;
                if (text.Length == 0)
                {
                    return null;
                }

                return GoDuration.TryParse(text, out var value, out var error) ? value : throw new JsonException(error);
            default:
                throw new JsonException($"json: cannot unmarshal {reader.TokenType} into a duration");
        }
    }

    public override void Write(Utf8JsonWriter writer, TimeSpan? value, JsonSerializerOptions options)
    {
        if (value is { } v)
        {
            writer.WriteStringValue(GoDuration.Format(v));
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}
