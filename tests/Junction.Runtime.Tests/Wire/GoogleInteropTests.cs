using Google.Protobuf;
using Junction.Contracts;
using Duration = Google.Protobuf.WellKnownTypes.Duration;
using G = Interop;
using Timestamp = Google.Protobuf.WellKnownTypes.Timestamp;
using static Junction.Runtime.Tests.Wire.EverythingSamples;

namespace Junction.Runtime.Tests.Wire;

/// <summary>
/// Google.Protobuf, compiling the .proto the generator emitted, is the reference peer: it reads what the generated
/// serializer writes, and the generated serializer reads what it writes, including the encodings proto3 allows
/// besides the one Junction writes.
/// </summary>
public class GoogleInteropTests
{
    [Fact]
    public void Google_parses_our_bytes_into_the_same_values_and_reencodes_them_byte_for_byte()
    {
        var value = ByteComparableSample();
        byte[] ours = Serializer.Serialize(value);

        var parsed = G.Everything.Parser.ParseFrom(ours);

        // Equality of protoc messages includes unknown fields, so this also shows that every field landed in the
        // field the .proto declares rather than being kept as unknown.
        Assert.Equal(GoogleMapping.ToGoogle(value), parsed);
        Assert.Equal(Convert.ToHexString(ours), Convert.ToHexString(parsed.ToByteArray()));
    }

    [Fact]
    public void Google_encodes_the_same_values_to_the_same_bytes()
    {
        var value = ByteComparableSample();

        byte[] google = GoogleMapping.ToGoogle(value).ToByteArray();

        Assert.Equal(Convert.ToHexString(google), Convert.ToHexString(Serializer.Serialize(value)));
        Assert.Equal(Snapshot(value), Snapshot(Serializer.Deserialize(google)));
    }

    [Fact]
    public void Negative_zero_is_sent_and_Google_reads_it_as_negative_zero()
    {
        byte[] ours = Serializer.Serialize(new Everything { Float = -0f, Double = -0.0 });

        var parsed = G.Everything.Parser.ParseFrom(ours);

        // proto3 leaves out a field equal to its default, and -0.0 is not the default bit for bit: C++ and Java send
        // it, and so does Junction. Google.Protobuf's C# code compares with `!= 0` and drops it on writing only.
        Assert.Equal(BitConverter.SingleToUInt32Bits(-0f), BitConverter.SingleToUInt32Bits(parsed.Float));
        Assert.Equal(BitConverter.DoubleToUInt64Bits(-0.0), BitConverter.DoubleToUInt64Bits(parsed.Double));
        Assert.Equal(BitConverter.DoubleToUInt64Bits(-0.0), BitConverter.DoubleToUInt64Bits(Serializer.Deserialize(ours).Double));
        Assert.Empty(parsed.ToByteArray());
    }

    [Fact]
    public void A_message_built_with_the_Google_classes_decodes_to_the_expected_values()
    {
        var when = new DateTime(2024, 2, 29, 6, 30, 0, DateTimeKind.Utc).AddTicks(1_234_567);
        var offset = new DateTimeOffset(1999, 12, 31, 23, 59, 59, TimeSpan.FromHours(2));
        var elapsed = TimeSpan.FromTicks(-15_000_001);
        var id = new Guid("c0ffee00-0000-4000-8000-0000000000aa");
        var google = new G.Everything
        {
            Flag = true,
            TinySigned = -5,
            Tiny = 200,
            Short = -30_000,
            UShort = 60_000,
            Int = -123_456_789,
            UInt = 4_000_000_000,
            Long = long.MinValue,
            ULong = ulong.MaxValue,
            Float = 1.5f,
            Double = -2.25,
            Char = 'é',
            Text = "grüße 🎉",
            OptionalText = "",
            Bytes = ByteString.CopyFrom(1, 2, 3),
            OptionalBytes = ByteString.Empty,
            Memory = ByteString.CopyFrom(9, 8),
            Money = "12.50",
            Id = id.ToString("D"),
            When = Timestamp.FromDateTime(when),
            WhenOffset = Timestamp.FromDateTimeOffset(offset),
            Elapsed = Duration.FromTimeSpan(elapsed),
            Color = G.Color.Negative,
            MaybeInt = 0,
            MaybeColor = G.Color.Red,
            MaybeWhen = Timestamp.FromDateTime(DateTime.UnixEpoch),
            MaybeMoney = "0",
            MaybeId = Guid.Empty.ToString("D"),
            MaybeFlag = false,
            Line = new G.Line { Sku = "sku", Quantity = 3, Price = "-0.0001" },
            Numbers = { 1, -1, int.MaxValue, int.MinValue, 0 },
            Longs = { long.MaxValue, -2 },
            Names = { "", "a", "名前" },
            Doubles = { double.NaN, -0.0, 1e300 },
            Lines = { new G.Line { Sku = "x" }, new G.Line { Quantity = -7, Price = "1E+3" } },
            Colors = { G.Color.Blue, G.Color.Negative, G.Color.Red, (G.Color)99 },
            Times = { Timestamp.FromDateTime(when), Timestamp.FromDateTime(DateTime.UnixEpoch) },
            Blobs = { ByteString.Empty, ByteString.CopyFrom(0xFF) },
            Counts = { ["a"] = 1, [""] = 0, ["b"] = -1 },
            LinesById = { [7] = new G.Line { Sku = "seven", Price = "7.00" }, [-1] = new G.Line() },
            ByColor = { [5] = "blue", [-3] = "negative" },
            Switches = { [long.MinValue] = true, [1] = false },
            Child = new G.Everything { Text = "child", Child = new G.Everything { Int = 2 } },
        };

        var decoded = Serializer.Deserialize(google.ToByteArray());

        var expected = new Everything
        {
            Flag = true,
            TinySigned = -5,
            Tiny = 200,
            Short = -30_000,
            UShort = 60_000,
            Int = -123_456_789,
            UInt = 4_000_000_000,
            Long = long.MinValue,
            ULong = ulong.MaxValue,
            Float = 1.5f,
            Double = -2.25,
            Char = 'é',
            Text = "grüße 🎉",
            OptionalText = "",
            Bytes = [1, 2, 3],
            OptionalBytes = [],
            Memory = new byte[] { 9, 8 },
            Money = 12.50m,
            Id = id,
            When = when,
            WhenOffset = offset,
            Elapsed = elapsed,
            Color = Color.Negative,
            MaybeInt = 0,
            MaybeColor = Color.Red,
            MaybeWhen = DateTime.UnixEpoch,
            MaybeMoney = 0m,
            MaybeId = Guid.Empty,
            MaybeFlag = false,
            Line = new Line("sku", 3, -0.0001m),
            Numbers = [1, -1, int.MaxValue, int.MinValue, 0],
            Longs = [long.MaxValue, -2],
            Names = ["", "a", "名前"],
            Doubles = [double.NaN, -0.0, 1e300],
            Lines = [new Line("x", 0, 0m), new Line("", -7, 1000m)],
            Colors = [Color.Blue, Color.Negative, Color.Red, (Color)99],
            Times = [when, DateTime.UnixEpoch],
            Blobs = [[], [0xFF]],
            Counts = new() { ["a"] = 1, [""] = 0, ["b"] = -1 },
            LinesById = new Dictionary<int, Line> { [7] = new Line("seven", 0, 7.00m), [-1] = new Line("", 0, 0m) },
            ByColor = new() { [Color.Blue] = "blue", [Color.Negative] = "negative" },
            Switches = new() { [long.MinValue] = true, [1] = false },
            Child = new Everything { Text = "child", Child = new Everything { Int = 2 } },
        };
        Assert.Equal(Snapshot(expected), Snapshot(decoded));
        Assert.Equal(TimeSpan.Zero, decoded.WhenOffset.Offset);
        Assert.Equal(DateTimeKind.Utc, decoded.When.Kind);
    }

    [Fact]
    public void Google_packs_repeated_scalars_and_we_read_them()
    {
        var google = new G.Everything
        {
            Numbers = { 1, -1, 300, int.MinValue },
            Longs = { long.MinValue, 0, 5 },
            Doubles = { 0.5, double.NegativeInfinity },
            Colors = { G.Color.Negative, G.Color.Blue },
        };
        byte[] bytes = google.ToByteArray();

        // The premise: Google writes each of these as one length-delimited (packed) field.
        var tags = TopLevelTags(bytes);
        Assert.Equal([Tag(31, WireFormat.WireType.LengthDelimited), Tag(32, WireFormat.WireType.LengthDelimited), Tag(34, WireFormat.WireType.LengthDelimited), Tag(36, WireFormat.WireType.LengthDelimited)], tags);

        var decoded = Serializer.Deserialize(bytes);

        Assert.Equal(google.Numbers, decoded.Numbers);
        Assert.Equal(google.Longs, decoded.Longs);
        Assert.Equal(google.Doubles, decoded.Doubles);
        Assert.Equal(google.Colors.Select(c => (Color)(int)c), decoded.Colors);
    }

    [Fact]
    public void Unpacked_repeated_scalars_are_accepted_and_concatenate_with_packed_runs()
    {
        int[] numbers = [7, -7, int.MaxValue];
        long[] longs = [long.MinValue, 42];
        double[] doubles = [double.NaN, 3.25];
        Color[] colors = [Color.Negative, Color.Green];
        byte[] bytes = Encode(output =>
        {
            foreach (var n in numbers)
            {
                output.WriteTag(31, WireFormat.WireType.Varint);
                output.WriteInt32(n);
            }

            foreach (var l in longs)
            {
                output.WriteTag(32, WireFormat.WireType.Varint);
                output.WriteInt64(l);
            }

            foreach (var d in doubles)
            {
                output.WriteTag(34, WireFormat.WireType.Fixed64);
                output.WriteDouble(d);
            }

            foreach (var c in colors)
            {
                output.WriteTag(36, WireFormat.WireType.Varint);
                output.WriteEnum((int)c);
            }

            // proto3 parsers must merge a packed run that follows unpacked elements of the same field.
            output.WriteTag(31, WireFormat.WireType.LengthDelimited);
            output.WriteBytes(Embedded(packed =>
            {
                packed.WriteInt32(1);
                packed.WriteInt32(-2);
            }));
        });

        var decoded = Serializer.Deserialize(bytes);
        var google = G.Everything.Parser.ParseFrom(bytes);

        Assert.Equal([.. numbers, 1, -2], decoded.Numbers);
        Assert.Equal(longs, decoded.Longs);
        Assert.Equal(doubles, decoded.Doubles);
        Assert.Equal(colors, decoded.Colors);

        // Google reads the same hand-written bytes the same way.
        Assert.Equal(google.Numbers, decoded.Numbers);
        Assert.Equal(google.Longs, decoded.Longs);
        Assert.Equal(google.Colors.Select(c => (Color)(int)c), decoded.Colors);
    }

    [Fact]
    public void Unknown_fields_of_every_wire_type_are_skipped()
    {
        byte[] bytes = Encode(output =>
        {
            output.WriteTag(6, WireFormat.WireType.Varint);
            output.WriteInt32(42);

            output.WriteTag(1000, WireFormat.WireType.Varint);
            output.WriteUInt64(ulong.MaxValue);
            output.WriteTag(1001, WireFormat.WireType.Fixed64);
            output.WriteFixed64(0x0102030405060708);
            output.WriteTag(1002, WireFormat.WireType.LengthDelimited);
            output.WriteBytes(ByteString.CopyFrom(Enumerable.Range(0, 300).Select(i => (byte)i).ToArray()));
            output.WriteTag(1003, WireFormat.WireType.StartGroup);
            output.WriteTag(1, WireFormat.WireType.Varint);
            output.WriteInt32(1);
            output.WriteTag(2, WireFormat.WireType.StartGroup);
            output.WriteTag(3, WireFormat.WireType.LengthDelimited);
            output.WriteString("inside a nested group");
            output.WriteTag(2, WireFormat.WireType.EndGroup);
            output.WriteTag(1003, WireFormat.WireType.EndGroup);
            output.WriteTag(1004, WireFormat.WireType.Fixed32);
            output.WriteFixed32(0xDEADBEEF);
            output.WriteTag(536_870_911, WireFormat.WireType.Varint);
            output.WriteInt32(-1);

            // A known field with a wire type the schema does not give it is skipped like an unknown one.
            output.WriteTag(6, WireFormat.WireType.Fixed32);
            output.WriteFixed32(7);
            output.WriteTag(13, WireFormat.WireType.Varint);
            output.WriteInt32(5);

            // Unknown fields inside an embedded message are skipped too.
            output.WriteTag(30, WireFormat.WireType.LengthDelimited);
            output.WriteBytes(Embedded(line =>
            {
                line.WriteTag(99, WireFormat.WireType.Fixed64);
                line.WriteDouble(1);
                line.WriteTag(1, WireFormat.WireType.LengthDelimited);
                line.WriteString("sku");
                line.WriteTag(98, WireFormat.WireType.StartGroup);
                line.WriteTag(98, WireFormat.WireType.EndGroup);
            }));

            output.WriteTag(13, WireFormat.WireType.LengthDelimited);
            output.WriteString("after the unknowns");
        });

        var decoded = Serializer.Deserialize(bytes);

        var expected = new Everything { Int = 42, Text = "after the unknowns", Line = new Line("sku", 0, 0m) };
        Assert.Equal(Snapshot(expected), Snapshot(decoded));

        // Google agrees on the known fields of the same bytes.
        var google = G.Everything.Parser.ParseFrom(bytes);
        Assert.Equal(google.Int, decoded.Int);
        Assert.Equal(google.Text, decoded.Text);
        Assert.Equal(google.Line.Sku, decoded.Line!.Sku);
    }

    [Fact]
    public void A_map_entry_without_its_key_or_value_reads_as_the_defaults_as_in_Google()
    {
        // protobuf: "if a map entry is missing a key or value on the wire, it is treated as the default value";
        // other implementations may leave out a default key or value, even though Google.Protobuf's C# writes both.
        byte[] bytes = Encode(output =>
        {
            output.WriteTag(40, WireFormat.WireType.LengthDelimited);
            output.WriteBytes(Embedded(entry =>
            {
                entry.WriteTag(1, WireFormat.WireType.Varint);
                entry.WriteInt32(7);
            }));
            output.WriteTag(40, WireFormat.WireType.LengthDelimited);
            output.WriteBytes(Embedded(entry =>
            {
                entry.WriteTag(2, WireFormat.WireType.LengthDelimited);
                entry.WriteBytes(Embedded(line =>
                {
                    line.WriteTag(1, WireFormat.WireType.LengthDelimited);
                    line.WriteString("no key");
                }));
            }));
            output.WriteTag(39, WireFormat.WireType.LengthDelimited);
            output.WriteLength(0);
            output.WriteTag(41, WireFormat.WireType.LengthDelimited);
            output.WriteBytes(Embedded(entry =>
            {
                entry.WriteTag(1, WireFormat.WireType.Varint);
                entry.WriteInt32((int)Color.Blue);
            }));
        });

        var decoded = Serializer.Deserialize(bytes);
        var google = G.Everything.Parser.ParseFrom(bytes);

        Assert.Equal(new Line("", 0, 0m), decoded.LinesById[7]);
        Assert.Equal(new Line("no key", 0, 0m), decoded.LinesById[0]);
        Assert.Equal(0, decoded.Counts[""]);
        Assert.Equal("", decoded.ByColor[Color.Blue]);
        Assert.Equal(new G.Line(), google.LinesById[7]);
        Assert.Equal("no key", google.LinesById[0].Sku);
    }

    [Fact]
    public void The_contract_proto_is_the_checked_in_wire_probe_proto()
    {
        string checkedIn = File.ReadAllText(Path.Combine(ProjectDirectory(), "Wire", "wire_probe.proto"));

        string generated = ContractRegistry.Get<IWireProbe>().ProtoFile;

        // Line endings depend on how git checked the file out; the text is what must match.
        Assert.Equal(checkedIn.ReplaceLineEndings("\n"), generated.ReplaceLineEndings("\n"));
    }

    /// <summary>
    /// The edge sample without its one singular -0.0, which Google.Protobuf's C# writer drops (see
    /// <see cref="Negative_zero_is_sent_and_Google_reads_it_as_negative_zero"/>); -0.0 inside repeated fields stays.
    /// </summary>
    private static Everything ByteComparableSample()
    {
        var value = Edge(listSize: 1_000);
        Assert.Equal(BitConverter.DoubleToUInt64Bits(-0.0), BitConverter.DoubleToUInt64Bits(value.Double));
        value.Double = double.Epsilon;
        return value;
    }

    private static uint Tag(int field, WireFormat.WireType type) => WireFormat.MakeTag(field, type);

    private static List<uint> TopLevelTags(byte[] bytes)
    {
        var tags = new List<uint>();
        var input = new CodedInputStream(bytes);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            tags.Add(tag);
            input.SkipLastField();
        }

        return tags;
    }

    private static byte[] Encode(Action<CodedOutputStream> write)
    {
        using var stream = new MemoryStream();
        var output = new CodedOutputStream(stream);
        write(output);
        output.Flush();
        return stream.ToArray();
    }

    private static ByteString Embedded(Action<CodedOutputStream> write) => ByteString.CopyFrom(Encode(write));

    /// <summary>The test project's source folder, found from the output folder so no file needs copying.</summary>
    private static string ProjectDirectory()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Junction.Runtime.Tests.csproj")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"Junction.Runtime.Tests.csproj was not found above {AppContext.BaseDirectory}.");
    }
}
