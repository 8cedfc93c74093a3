using System.Globalization;
using Google.Protobuf;
using Duration = Google.Protobuf.WellKnownTypes.Duration;
using G = Interop;
using Timestamp = Google.Protobuf.WellKnownTypes.Timestamp;

namespace Junction.Runtime.Tests.Wire;

/// <summary>
/// Builds the protoc-generated message that carries the same values as a Junction <see cref="Everything"/>, following
/// the encodings the generated .proto documents: decimal and Guid as strings, times as Timestamp and Duration, and the
/// C# default of a non-nullable member as "not set".
/// </summary>
internal static class GoogleMapping
{
    public static G.Everything ToGoogle(Everything value)
    {
        var google = new G.Everything
        {
            Flag = value.Flag,
            TinySigned = value.TinySigned,
            Tiny = value.Tiny,
            Short = value.Short,
            UShort = value.UShort,
            Int = value.Int,
            UInt = value.UInt,
            Long = value.Long,
            ULong = value.ULong,
            Float = value.Float,
            Double = value.Double,
            Char = value.Char,
            Text = value.Text,
            Bytes = ByteString.CopyFrom(value.Bytes),
            Memory = ByteString.CopyFrom(value.Memory.Span),
            Money = value.Money == 0m ? "" : Text(value.Money),
            Id = value.Id == Guid.Empty ? "" : value.Id.ToString("D"),
            When = value.When == default ? null : Timestamp.FromDateTime(Utc(value.When)),
            WhenOffset = value.WhenOffset == default ? null : Timestamp.FromDateTimeOffset(value.WhenOffset),
            Elapsed = value.Elapsed == TimeSpan.Zero ? null : Duration.FromTimeSpan(value.Elapsed),
            Color = (G.Color)(int)value.Color,
            MaybeWhen = value.MaybeWhen is { } maybeWhen ? Timestamp.FromDateTime(Utc(maybeWhen)) : null,
            Line = value.Line is null ? null : ToGoogle(value.Line),
            Child = value.Child is null ? null : ToGoogle(value.Child),
        };

        if (value.OptionalText is not null)
        {
            google.OptionalText = value.OptionalText;
        }

        if (value.OptionalBytes is not null)
        {
            google.OptionalBytes = ByteString.CopyFrom(value.OptionalBytes);
        }

        if (value.MaybeInt is { } maybeInt)
        {
            google.MaybeInt = maybeInt;
        }

        if (value.MaybeColor is { } maybeColor)
        {
            google.MaybeColor = (G.Color)(int)maybeColor;
        }

        if (value.MaybeMoney is { } maybeMoney)
        {
            google.MaybeMoney = Text(maybeMoney);
        }

        if (value.MaybeId is { } maybeId)
        {
            google.MaybeId = maybeId.ToString("D");
        }

        if (value.MaybeFlag is { } maybeFlag)
        {
            google.MaybeFlag = maybeFlag;
        }

        google.Numbers.AddRange(value.Numbers);
        google.Longs.AddRange(value.Longs);
        google.Names.AddRange(value.Names);
        google.Doubles.AddRange(value.Doubles);
        google.Lines.AddRange(value.Lines.Select(ToGoogle));
        google.Colors.AddRange(value.Colors.Select(c => (G.Color)(int)c));
        google.Times.AddRange(value.Times.Select(t => Timestamp.FromDateTime(Utc(t))));
        google.Blobs.AddRange(value.Blobs.Select(b => ByteString.CopyFrom(b)));
        foreach (var (key, count) in value.Counts)
        {
            google.Counts.Add(key, count);
        }

        foreach (var (key, line) in value.LinesById)
        {
            google.LinesById.Add(key, ToGoogle(line));
        }

        foreach (var (key, name) in value.ByColor)
        {
            google.ByColor.Add((int)key, name);
        }

        foreach (var (key, on) in value.Switches)
        {
            google.Switches.Add(key, on);
        }

        return google;
    }

    public static G.Line ToGoogle(Line line) => new()
    {
        Sku = line.Sku,
        Quantity = line.Quantity,
        Price = line.Price == 0m ? "" : Text(line.Price),
    };

    private static string Text(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Junction reads an Unspecified time as UTC and converts a Local one; Google.Protobuf wants Utc.</summary>
    private static DateTime Utc(DateTime value) => value.Kind switch
    {
        DateTimeKind.Local => value.ToUniversalTime(),
        _ => DateTime.SpecifyKind(value, DateTimeKind.Utc),
    };
}
