using Junction.Serialization;

namespace Junction.Runtime.Tests.Serialization;

/// <summary>
/// proto3 implicit presence skips defaults; <c>optional</c> (nullable and WriteOptional*) and repeated elements write
/// them. A peer can only tell "unset" from "set to the default" through the second group.
/// </summary>
public class PresenceTests
{
    [Fact]
    public void Implicit_presence_skips_every_default()
    {
        const int f = 3;
        byte[] buffer = new byte[64];
        var writer = new ProtoWriter(buffer);
        writer.WriteBool(f, false);
        writer.WriteInt32(f, 0);
        writer.WriteInt64(f, 0L);
        writer.WriteUInt32(f, 0u);
        writer.WriteUInt64(f, 0ul);
        writer.WriteSInt32(f, 0);
        writer.WriteSInt64(f, 0L);
        writer.WriteFixed32(f, 0u);
        writer.WriteFixed64(f, 0ul);
        writer.WriteSFixed32(f, 0);
        writer.WriteSFixed64(f, 0L);
        writer.WriteFloat(f, 0f);
        writer.WriteDouble(f, 0d);
        writer.WriteString(f, null);
        writer.WriteString(f, string.Empty);
        writer.WriteBytes(f, (byte[]?)null);
        writer.WriteBytes(f, Array.Empty<byte>());
        writer.WriteBytes(f, ReadOnlyMemory<byte>.Empty);
        writer.WriteDecimal(f, 0m);
        writer.WriteDecimal(f, 0.000m);
        writer.WriteGuid(f, Guid.Empty);
        writer.WriteDateTime(f, default(DateTime));
        writer.WriteDateTimeOffset(f, default(DateTimeOffset));
        writer.WriteTimeSpan(f, TimeSpan.Zero);

        Assert.Equal(0, writer.Position);
        Assert.Equal(
            0,
            ProtoSize.Bool(f, false) + ProtoSize.Int32(f, 0) + ProtoSize.Int64(f, 0L) + ProtoSize.UInt32(f, 0u)
            + ProtoSize.UInt64(f, 0ul) + ProtoSize.SInt32(f, 0) + ProtoSize.SInt64(f, 0L) + ProtoSize.Fixed32(f, 0u)
            + ProtoSize.Fixed64(f, 0ul) + ProtoSize.SFixed32(f, 0) + ProtoSize.SFixed64(f, 0L) + ProtoSize.Float(f, 0f)
            + ProtoSize.Double(f, 0d) + ProtoSize.String(f, null) + ProtoSize.String(f, string.Empty)
            + ProtoSize.Bytes(f, (byte[]?)null) + ProtoSize.Bytes(f, Array.Empty<byte>())
            + ProtoSize.Bytes(f, ReadOnlyMemory<byte>.Empty) + ProtoSize.Decimal(f, 0m) + ProtoSize.Decimal(f, 0.000m)
            + ProtoSize.Guid(f, Guid.Empty) + ProtoSize.DateTime(f, default(DateTime))
            + ProtoSize.DateTimeOffset(f, default(DateTimeOffset)) + ProtoSize.TimeSpan(f, TimeSpan.Zero));
    }

    [Fact]
    public void Explicit_presence_skips_only_null()
    {
        const int f = 3;
        byte[] buffer = new byte[64];
        var writer = new ProtoWriter(buffer);
        writer.WriteBool(f, (bool?)null);
        writer.WriteInt32(f, (int?)null);
        writer.WriteInt64(f, (long?)null);
        writer.WriteUInt32(f, (uint?)null);
        writer.WriteUInt64(f, (ulong?)null);
        writer.WriteSInt32(f, (int?)null);
        writer.WriteSInt64(f, (long?)null);
        writer.WriteFixed32(f, (uint?)null);
        writer.WriteFixed64(f, (ulong?)null);
        writer.WriteSFixed32(f, (int?)null);
        writer.WriteSFixed64(f, (long?)null);
        writer.WriteFloat(f, (float?)null);
        writer.WriteDouble(f, (double?)null);
        writer.WriteOptionalString(f, null);
        writer.WriteOptionalBytes(f, null);
        writer.WriteDecimal(f, (decimal?)null);
        writer.WriteGuid(f, (Guid?)null);
        writer.WriteDateTime(f, (DateTime?)null);
        writer.WriteDateTimeOffset(f, (DateTimeOffset?)null);
        writer.WriteTimeSpan(f, (TimeSpan?)null);

        Assert.Equal(0, writer.Position);
        Assert.Equal(
            0,
            ProtoSize.Bool(f, (bool?)null) + ProtoSize.Int32(f, (int?)null) + ProtoSize.Int64(f, (long?)null)
            + ProtoSize.UInt32(f, (uint?)null) + ProtoSize.UInt64(f, (ulong?)null) + ProtoSize.SInt32(f, (int?)null)
            + ProtoSize.SInt64(f, (long?)null) + ProtoSize.Fixed32(f, (uint?)null) + ProtoSize.Fixed64(f, (ulong?)null)
            + ProtoSize.SFixed32(f, (int?)null) + ProtoSize.SFixed64(f, (long?)null) + ProtoSize.Float(f, (float?)null)
            + ProtoSize.Double(f, (double?)null) + ProtoSize.OptionalString(f, null) + ProtoSize.OptionalBytes(f, null)
            + ProtoSize.Decimal(f, (decimal?)null) + ProtoSize.Guid(f, (Guid?)null) + ProtoSize.DateTime(f, (DateTime?)null)
            + ProtoSize.DateTimeOffset(f, (DateTimeOffset?)null) + ProtoSize.TimeSpan(f, (TimeSpan?)null));
    }

    [Fact]
    public void Explicit_presence_writes_defaults()
    {
        Assert.Equal("0800", Write(ProtoSize.Int32(1, (int?)0), (ref ProtoWriter w) => w.WriteInt32(1, (int?)0)));
        Assert.Equal("0800", Write(ProtoSize.Bool(1, (bool?)false), (ref ProtoWriter w) => w.WriteBool(1, (bool?)false)));
        Assert.Equal("0D00000000", Write(ProtoSize.Float(1, (float?)0f), (ref ProtoWriter w) => w.WriteFloat(1, (float?)0f)));
        Assert.Equal("0A00", Write(ProtoSize.OptionalString(1, string.Empty), (ref ProtoWriter w) => w.WriteOptionalString(1, string.Empty)));
        Assert.Equal("0A00", Write(ProtoSize.OptionalBytes(1, []), (ref ProtoWriter w) => w.WriteOptionalBytes(1, [])));
        Assert.Equal("0A0130", Write(ProtoSize.Decimal(1, (decimal?)0m), (ref ProtoWriter w) => w.WriteDecimal(1, (decimal?)0m)));
        Assert.Equal("0A00", Write(ProtoSize.TimeSpan(1, (TimeSpan?)TimeSpan.Zero), (ref ProtoWriter w) => w.WriteTimeSpan(1, (TimeSpan?)TimeSpan.Zero)));

        // default(DateTime) is 0001-01-01T00:00:00Z: seconds -62135596800, a 10-byte negative varint.
        Assert.Equal(
            "0A0B088092B8C398FEFFFFFF01",
            Write(ProtoSize.DateTime(1, (DateTime?)default(DateTime)), (ref ProtoWriter w) => w.WriteDateTime(1, (DateTime?)default(DateTime))));
    }

    [Fact]
    public void Repeated_elements_write_defaults()
    {
        Assert.Equal("0800", Write(ProtoSize.Int32Element(1, 0), (ref ProtoWriter w) => w.WriteInt32Element(1, 0)));
        Assert.Equal("0A00", Write(ProtoSize.StringElement(1, string.Empty), (ref ProtoWriter w) => w.WriteStringElement(1, string.Empty)));
        Assert.Equal("0A00", Write(ProtoSize.BytesElement(1, Array.Empty<byte>()), (ref ProtoWriter w) => w.WriteBytesElement(1, Array.Empty<byte>())));
        Assert.Equal(
            "0A2430303030303030302D303030302D303030302D303030302D303030303030303030303030",
            Write(ProtoSize.GuidElement(1, Guid.Empty), (ref ProtoWriter w) => w.WriteGuidElement(1, Guid.Empty)));
    }

    [Fact]
    public void Negative_zero_and_nan_are_not_defaults()
    {
        Assert.Equal("0D00000080", Write(ProtoSize.Float(1, -0f), (ref ProtoWriter w) => w.WriteFloat(1, -0f)));
        Assert.Equal("090000000000000080", Write(ProtoSize.Double(1, -0d), (ref ProtoWriter w) => w.WriteDouble(1, -0d)));
        // .NET's double.NaN has the sign bit set: 0xFFF8000000000000.
        Assert.Equal("09000000000000F8FF", Write(ProtoSize.Double(1, double.NaN), (ref ProtoWriter w) => w.WriteDouble(1, double.NaN)));
    }

    [Fact]
    public void A_null_string_element_is_rejected_with_invalid_argument()
    {
        var fromSize = Assert.Throws<RpcException>(() => ProtoSize.StringElement(7, null!));
        var fromWriter = Assert.Throws<RpcException>(() =>
        {
            var writer = new ProtoWriter(new byte[16]);
            writer.WriteStringElement(7, null!);
        });

        foreach (RpcException exception in new[] { fromSize, fromWriter })
        {
            Assert.Equal(RpcStatusCode.InvalidArgument, exception.StatusCode);
            Assert.Contains("field 7", exception.Message, StringComparison.Ordinal);
            Assert.Contains("cannot hold null", exception.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_null_bytes_element_is_rejected_with_invalid_argument()
    {
        var fromSize = Assert.Throws<RpcException>(() => ProtoSize.BytesElement(9, (byte[])null!));
        var fromWriter = Assert.Throws<RpcException>(() =>
        {
            var writer = new ProtoWriter(new byte[16]);
            writer.WriteBytesElement(9, (byte[])null!);
        });

        foreach (RpcException exception in new[] { fromSize, fromWriter })
        {
            Assert.Equal(RpcStatusCode.InvalidArgument, exception.StatusCode);
            Assert.Contains("field 9", exception.Message, StringComparison.Ordinal);
            Assert.Contains("cannot hold null", exception.Message, StringComparison.Ordinal);
        }
    }

    private static string Write(int size, WriteBody body) => Convert.ToHexString(WireBytes.Write(size, body));
}
