using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Junction.Contracts;
using Junction.Serialization;

namespace Junction.Runtime.Tests.Wire;

/// <summary>
/// The generated serializer of <see cref="Everything"/>, sample values at the edges of every member type, and a deep
/// comparison that shows the first differing member when two messages differ.
/// </summary>
internal static class EverythingSamples
{
    /// <summary>The serializer the generator emitted, reached the way the runtime reaches it: through the contract.</summary>
    public static RpcSerializer<Everything> Serializer { get; } =
        ((MethodDescriptor<Everything, Everything>)ContractRegistry.Get<IWireProbe>().FindMethod("Echo")!).RequestSerializer;

    public static Everything RoundTrip(Everything value) => Serializer.Deserialize(Serializer.Serialize(value));

    /// <summary>
    /// A message with every member set to an edge value, its child set to the opposite edges and its grandchild to a
    /// third set. Lists hold <paramref name="listSize"/> items.
    /// </summary>
    public static Everything Edge(int listSize) => new()
    {
        Flag = true,
        TinySigned = sbyte.MinValue,
        Tiny = byte.MaxValue,
        Short = short.MinValue,
        UShort = ushort.MaxValue,
        Int = int.MinValue,
        UInt = uint.MaxValue,
        Long = long.MinValue,
        ULong = ulong.MaxValue,
        Float = float.NaN,
        Double = -0.0,
        Char = '\uFFFF',
        Text = "héllo, 世界 🎉 👩‍👩‍👧 \0 tab\t end",
        OptionalText = "",
        Bytes = [0, 1, 0x7F, 0x80, 0xFF],
        OptionalBytes = [],
        Memory = new byte[] { 0xFF, 0x00, 0xFF },
        Money = 12.50m,
        Id = new Guid("0f8fad5b-d9cb-469f-a165-70867728950e"),
        When = DateTime.SpecifyKind(DateTime.MaxValue, DateTimeKind.Utc),
        WhenOffset = new DateTimeOffset(1969, 7, 20, 20, 17, 40, TimeSpan.FromHours(-5)).AddTicks(1_234_567),
        Elapsed = TimeSpan.FromTicks(-36_000_012_345),
        Color = Color.Negative,
        MaybeInt = -1,
        MaybeColor = Color.Blue,
        MaybeWhen = DateTime.SpecifyKind(DateTime.MinValue, DateTimeKind.Utc),
        MaybeMoney = decimal.MaxValue,
        MaybeId = Guid.Empty,
        MaybeFlag = false,
        Line = new Line("", int.MinValue, decimal.MinValue),
        Numbers = [.. Enumerable.Range(0, listSize).Select(i => (i % 3) switch { 0 => int.MinValue + i, 1 => -i, _ => i * 1_000 })],
        Longs = [.. Enumerable.Range(0, listSize).Select(i => (i % 3) switch { 0 => long.MinValue + i, 1 => long.MaxValue - i, _ => 0L })],
        Names = [.. Enumerable.Range(0, listSize).Select(i => (i % 4) switch { 0 => "", 1 => "🎉" + i, 2 => new string('x', i % 300), _ => "名前" })],
        Doubles = [double.NaN, -0.0, double.PositiveInfinity, double.NegativeInfinity, double.Epsilon, double.MaxValue, .. Enumerable.Range(0, listSize).Select(i => (i - (listSize / 2)) * 0.1)],
        Lines = [.. Enumerable.Range(0, listSize).Select(i => new Line("sku-" + i, -i, i / 100m))],
        Colors = [.. Enumerable.Range(0, listSize).Select(i => (i % 6) switch { 0 => Color.Red, 1 => Color.Green, 2 => Color.Blue, 3 => Color.Negative, 4 => (Color)12345, _ => (Color)int.MinValue })],
        Times = [DateTime.SpecifyKind(DateTime.MinValue, DateTimeKind.Utc), DateTime.SpecifyKind(DateTime.MaxValue, DateTimeKind.Utc), DateTime.UnixEpoch, DateTime.UnixEpoch.AddTicks(-1), new DateTime(2024, 2, 29, 6, 30, 0, DateTimeKind.Utc).AddTicks(1_234_567)],
        Blobs = [[], [0], [.. Enumerable.Range(0, 256).Select(i => (byte)i)]],
        Counts = new() { [""] = 0, ["a"] = int.MinValue, ["🎉"] = int.MaxValue, ["b"] = -1 },
        LinesById = new Dictionary<int, Line> { [0] = new Line("zero", 0, 0m), [-1] = new Line("negative", -1, -1.10m), [int.MaxValue] = new Line("max", 1, 0.0001m) },
        ByColor = new() { [Color.Red] = "", [Color.Negative] = "negative", [Color.Blue] = "blue", [(Color)42] = "undeclared" },
        Switches = new() { [long.MinValue] = true, [0] = false, [long.MaxValue] = true },
        Child = new Everything
        {
            TinySigned = sbyte.MaxValue,
            Short = short.MaxValue,
            Int = int.MaxValue,
            UInt = 1,
            Long = long.MaxValue,
            ULong = 1,
            Float = float.PositiveInfinity,
            Double = double.NegativeInfinity,
            Char = 'é',
            Text = new string('長', 5_000),
            Money = decimal.MinValue,
            When = DateTime.SpecifyKind(DateTime.MinValue, DateTimeKind.Utc),
            WhenOffset = DateTimeOffset.MaxValue,
            Elapsed = TimeSpan.MinValue,
            Color = (Color)int.MaxValue,
            MaybeWhen = DateTime.SpecifyKind(DateTime.MaxValue, DateTimeKind.Utc),
            MaybeMoney = -0.0000000000000000000000000001m,
            Id = Guid.AllBitsSet,
            Counts = new() { ["child"] = 1 },
            Child = new Everything
            {
                Float = float.Epsilon,
                Double = double.MinValue,
                Money = 0.0000000000000000000000000001m,
                Elapsed = TimeSpan.MaxValue,
                WhenOffset = DateTimeOffset.MinValue.AddTicks(1),
                Memory = new byte[1_000],
                Line = new Line("🎉", 1, 79228162514264337593543950335m),
                Names = ["grandchild"],
            },
        },
    };

    /// <summary>
    /// A deep, readable rendering of a message for equality checks. The wire carries instants, so times render as UTC
    /// ticks (their <see cref="DateTimeKind"/> and offsets are checked by dedicated tests); floats render as raw bits
    /// so NaN and -0.0 compare exactly; decimals keep their scale.
    /// </summary>
    public static string Snapshot(Everything value) => JsonSerializer.Serialize(value, SnapshotOptions);

    private static readonly JsonSerializerOptions SnapshotOptions = new()
    {
        WriteIndented = true,
        Converters =
        {
            new InstantConverter(),
            new OffsetInstantConverter(),
            new SingleBitsConverter(),
            new DoubleBitsConverter(),
            new ExactDecimalConverter(),
        },
    };

    private sealed class InstantConverter : JsonConverter<DateTime>
    {
        public override DateTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => throw new NotSupportedException();

        public override void Write(Utf8JsonWriter writer, DateTime value, JsonSerializerOptions options)
            => writer.WriteStringValue("utc-ticks:" + (value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : value).Ticks.ToString(CultureInfo.InvariantCulture));
    }

    private sealed class OffsetInstantConverter : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => throw new NotSupportedException();

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
            => writer.WriteStringValue("utc-ticks:" + value.UtcTicks.ToString(CultureInfo.InvariantCulture));
    }

    private sealed class SingleBitsConverter : JsonConverter<float>
    {
        public override float Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => throw new NotSupportedException();

        public override void Write(Utf8JsonWriter writer, float value, JsonSerializerOptions options)
            => writer.WriteStringValue(value.ToString("R", CultureInfo.InvariantCulture) + " 0x" + BitConverter.SingleToUInt32Bits(value).ToString("X8", CultureInfo.InvariantCulture));
    }

    private sealed class DoubleBitsConverter : JsonConverter<double>
    {
        public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => throw new NotSupportedException();

        public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
            => writer.WriteStringValue(value.ToString("R", CultureInfo.InvariantCulture) + " 0x" + BitConverter.DoubleToUInt64Bits(value).ToString("X16", CultureInfo.InvariantCulture));
    }

    private sealed class ExactDecimalConverter : JsonConverter<decimal>
    {
        public override decimal Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => throw new NotSupportedException();

        public override void Write(Utf8JsonWriter writer, decimal value, JsonSerializerOptions options)
            => writer.WriteStringValue(value.ToString(CultureInfo.InvariantCulture));
    }
}
