using static Junction.Runtime.Tests.Wire.EverythingSamples;

namespace Junction.Runtime.Tests.Wire;

/// <summary>
/// The serializer the generator emitted for <see cref="Everything"/>, compiled by the real build: what goes in comes
/// back out, including the edges of every type and the difference between "not set" and "set to the default".
/// </summary>
public class GeneratedRoundTripTests
{
    [Fact]
    public void A_default_instance_encodes_to_nothing_and_decodes_to_an_equal_instance()
    {
        var value = new Everything();

        byte[] bytes = Serializer.Serialize(value);
        var decoded = Serializer.Deserialize(bytes);

        // proto3: every field at its default is left out, as Google.Protobuf does for an empty message.
        Assert.Empty(bytes);
        Assert.Equal(Snapshot(value), Snapshot(decoded));
    }

    [Fact]
    public void Edge_values_of_every_member_type_survive_a_round_trip()
    {
        var value = Edge(listSize: 10_000);

        var decoded = RoundTrip(value);

        Assert.Equal(Snapshot(value), Snapshot(decoded));
        Assert.Equal(10_000, decoded.Numbers.Count);
        Assert.Equal(10_000, decoded.Names.Count);
        Assert.Equal(10_000, decoded.Lines.Count);
        Assert.NotNull(decoded.Child?.Child);
        Assert.Null(decoded.Child.Child.Child);
    }

    [Fact]
    public void Decimals_keep_their_scale()
    {
        var decoded = RoundTrip(new Everything { Money = 12.50m, MaybeMoney = 1.000m, Line = new Line("a", 1, 0.10m) });

        Assert.Equal("12.50", decoded.Money.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("1.000", decoded.MaybeMoney!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("0.10", decoded.Line!.Price.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Optional_strings_and_bytes_tell_null_from_empty()
    {
        var unset = RoundTrip(new Everything { OptionalText = null, OptionalBytes = null, Text = "" });
        var empty = RoundTrip(new Everything { OptionalText = "", OptionalBytes = [], Text = "" });

        Assert.Null(unset.OptionalText);
        Assert.Null(unset.OptionalBytes);
        Assert.Equal("", unset.Text);

        Assert.Equal("", empty.OptionalText);
        Assert.NotNull(empty.OptionalBytes);
        Assert.Empty(empty.OptionalBytes);
        Assert.Equal("", empty.Text);
    }

    [Fact]
    public void Nullable_value_types_tell_null_from_zero()
    {
        var unset = RoundTrip(new Everything());
        var zero = RoundTrip(new Everything
        {
            MaybeInt = 0,
            MaybeColor = Color.Red,
            MaybeWhen = default(DateTime),
            MaybeMoney = 0m,
            MaybeId = Guid.Empty,
            MaybeFlag = false,
        });

        Assert.Null(unset.MaybeInt);
        Assert.Null(unset.MaybeColor);
        Assert.Null(unset.MaybeWhen);
        Assert.Null(unset.MaybeMoney);
        Assert.Null(unset.MaybeId);
        Assert.Null(unset.MaybeFlag);

        Assert.Equal(0, zero.MaybeInt);
        Assert.Equal(Color.Red, zero.MaybeColor);
        Assert.Equal(default(DateTime), zero.MaybeWhen);
        Assert.Equal(0m, zero.MaybeMoney);
        Assert.Equal(Guid.Empty, zero.MaybeId);
        Assert.False(zero.MaybeFlag);
        Assert.NotNull(zero.MaybeFlag);
    }

    [Fact]
    public void Collections_decode_as_empty_never_null()
    {
        // A sender that left its collections null (ignoring the annotations) must not hand the receiver nulls.
        var value = new Everything
        {
            Numbers = null!,
            Longs = null!,
            Names = null!,
            Doubles = null!,
            Lines = null!,
            Colors = null!,
            Times = null!,
            Blobs = null!,
            Counts = null!,
            LinesById = null!,
            ByColor = null!,
            Switches = null!,
        };

        byte[] bytes = Serializer.Serialize(value);
        var decoded = Serializer.Deserialize(bytes);

        Assert.Empty(bytes);
        Assert.NotNull(decoded.Numbers);
        Assert.NotNull(decoded.Longs);
        Assert.NotNull(decoded.Names);
        Assert.NotNull(decoded.Doubles);
        Assert.NotNull(decoded.Lines);
        Assert.NotNull(decoded.Colors);
        Assert.NotNull(decoded.Times);
        Assert.NotNull(decoded.Blobs);
        Assert.NotNull(decoded.Counts);
        Assert.NotNull(decoded.LinesById);
        Assert.NotNull(decoded.ByColor);
        Assert.NotNull(decoded.Switches);
        Assert.Empty(decoded.Numbers);
        Assert.Empty(decoded.Longs);
        Assert.Empty(decoded.Names);
        Assert.Empty(decoded.Doubles);
        Assert.Empty(decoded.Lines);
        Assert.Empty(decoded.Colors);
        Assert.Empty(decoded.Times);
        Assert.Empty(decoded.Blobs);
        Assert.Empty(decoded.Counts);
        Assert.Empty(decoded.LinesById);
        Assert.Empty(decoded.ByColor);
        Assert.Empty(decoded.Switches);
        Assert.Empty(decoded.Bytes);
    }

    [Fact]
    public void A_DateTimeOffset_decodes_to_the_same_instant_with_offset_zero()
    {
        var sent = new DateTimeOffset(2024, 2, 29, 8, 30, 0, TimeSpan.FromHours(2)).AddTicks(1_234_567);

        var decoded = RoundTrip(new Everything { WhenOffset = sent }).WhenOffset;

        Assert.Equal(TimeSpan.Zero, decoded.Offset);
        Assert.Equal(sent.UtcTicks, decoded.UtcTicks);
        Assert.Equal(sent.UtcDateTime, decoded.UtcDateTime);
    }

    [Fact]
    public void A_local_DateTime_decodes_to_the_same_instant_as_UTC()
    {
        // The instant is what travels. On a machine whose zone is UTC the conversion is the identity, and the test
        // then only shows that the kind comes back as Utc.
        var local = new DateTime(2024, 7, 1, 12, 0, 0, DateTimeKind.Local).AddTicks(1_234_567);

        var decoded = RoundTrip(new Everything { When = local, MaybeWhen = local, Times = [local] });

        Assert.Equal(DateTimeKind.Utc, decoded.When.Kind);
        Assert.Equal(local.ToUniversalTime().Ticks, decoded.When.Ticks);
        Assert.Equal(DateTimeKind.Utc, decoded.MaybeWhen!.Value.Kind);
        Assert.Equal(local.ToUniversalTime().Ticks, decoded.MaybeWhen.Value.Ticks);
        Assert.Equal(DateTimeKind.Utc, Assert.Single(decoded.Times).Kind);
        Assert.Equal(local.ToUniversalTime().Ticks, decoded.Times[0].Ticks);
    }

    [Fact]
    public void Every_decoded_time_that_was_sent_is_UTC()
    {
        var decoded = RoundTrip(Edge(listSize: 3));

        Assert.Equal(DateTimeKind.Utc, decoded.When.Kind);
        Assert.Equal(DateTimeKind.Utc, decoded.MaybeWhen!.Value.Kind);
        Assert.All(decoded.Times, t => Assert.Equal(DateTimeKind.Utc, t.Kind));
        Assert.Equal(DateTimeKind.Utc, decoded.Child!.MaybeWhen!.Value.Kind);
        Assert.Equal(TimeSpan.Zero, decoded.WhenOffset.Offset);
    }

    [Fact]
    public void The_serializer_writes_exactly_the_size_it_computes_into_a_buffer_writer()
    {
        var value = Edge(listSize: 50);
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();

        Serializer.Serialize(value, buffer);

        Assert.Equal(Serializer.Serialize(value), buffer.WrittenSpan.ToArray());
        Assert.Equal(Snapshot(value), Snapshot(Serializer.Deserialize(buffer.WrittenSpan)));
    }
}
