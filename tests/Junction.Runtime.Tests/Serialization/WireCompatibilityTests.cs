using System.Globalization;
using System.Text;

namespace Junction.Runtime.Tests.Serialization;

/// <summary>
/// Every kind, every shape, edge values: the bytes must equal Google.Protobuf's, ProtoSize must equal the bytes
/// written, and reading Google's bytes must give the value back.
/// </summary>
public class WireCompatibilityTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Bool(bool value) => FieldKinds.Bool.AssertWireCompatible(value);

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(-1)]
    [InlineData(127)]
    [InlineData(128)]
    [InlineData(300)]
    [InlineData(int.MinValue)]
    [InlineData(int.MaxValue)]
    public void Int32(int value) => FieldKinds.Int32.AssertWireCompatible(value);

    [Theory]
    [InlineData(0L)]
    [InlineData(1L)]
    [InlineData(-1L)]
    [InlineData(16_384L)]
    [InlineData(int.MinValue - 1L)]
    [InlineData(long.MinValue)]
    [InlineData(long.MaxValue)]
    public void Int64(long value) => FieldKinds.Int64.AssertWireCompatible(value);

    [Theory]
    [InlineData(0u)]
    [InlineData(1u)]
    [InlineData(0x7Fu)]
    [InlineData(0x80u)]
    [InlineData(0x0FFF_FFFFu)]
    [InlineData(0x1000_0000u)]
    [InlineData(uint.MaxValue)]
    public void UInt32(uint value) => FieldKinds.UInt32.AssertWireCompatible(value);

    [Theory]
    [InlineData(0ul)]
    [InlineData(1ul)]
    [InlineData(0x7FFF_FFFF_FFFF_FFFFul)]
    [InlineData(0x8000_0000_0000_0000ul)]
    [InlineData(ulong.MaxValue)]
    public void UInt64(ulong value) => FieldKinds.UInt64.AssertWireCompatible(value);

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(-1)]
    [InlineData(-64)]
    [InlineData(64)]
    [InlineData(int.MinValue)]
    [InlineData(int.MaxValue)]
    public void SInt32(int value) => FieldKinds.SInt32.AssertWireCompatible(value);

    [Theory]
    [InlineData(0L)]
    [InlineData(1L)]
    [InlineData(-1L)]
    [InlineData(int.MinValue)]
    [InlineData(long.MinValue)]
    [InlineData(long.MaxValue)]
    public void SInt64(long value) => FieldKinds.SInt64.AssertWireCompatible(value);

    [Theory]
    [InlineData(0u)]
    [InlineData(1u)]
    [InlineData(0xDEAD_BEEFu)]
    [InlineData(uint.MaxValue)]
    public void Fixed32(uint value) => FieldKinds.Fixed32.AssertWireCompatible(value);

    [Theory]
    [InlineData(0ul)]
    [InlineData(1ul)]
    [InlineData(0x0123_4567_89AB_CDEFul)]
    [InlineData(ulong.MaxValue)]
    public void Fixed64(ulong value) => FieldKinds.Fixed64.AssertWireCompatible(value);

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(-1)]
    [InlineData(int.MinValue)]
    [InlineData(int.MaxValue)]
    public void SFixed32(int value) => FieldKinds.SFixed32.AssertWireCompatible(value);

    [Theory]
    [InlineData(0L)]
    [InlineData(1L)]
    [InlineData(-1L)]
    [InlineData(long.MinValue)]
    [InlineData(long.MaxValue)]
    public void SFixed64(long value) => FieldKinds.SFixed64.AssertWireCompatible(value);

    /// <summary>Bit patterns, so -0.0 and NaN payloads reach the test unchanged.</summary>
    [Theory]
    [InlineData(0x0000_0000)] // +0.0
    [InlineData(unchecked((int)0x8000_0000))] // -0.0
    [InlineData(0x3F80_0000)] // 1.0
    [InlineData(unchecked((int)0xBF80_0000))] // -1.0
    [InlineData(0x7FC0_0000)] // NaN
    [InlineData(0x7FC0_0001)] // NaN with a payload
    [InlineData(0x7F80_0000)] // +Infinity
    [InlineData(unchecked((int)0xFF80_0000))] // -Infinity
    [InlineData(0x0000_0001)] // smallest subnormal
    [InlineData(0x7F7F_FFFF)] // float.MaxValue
    public void Float(int bits) => FieldKinds.Float.AssertWireCompatible(BitConverter.Int32BitsToSingle(bits));

    [Theory]
    [InlineData(0x0000_0000_0000_0000L)] // +0.0
    [InlineData(unchecked((long)0x8000_0000_0000_0000))] // -0.0
    [InlineData(0x3FF0_0000_0000_0000L)] // 1.0
    [InlineData(unchecked((long)0xBFF0_0000_0000_0000))] // -1.0
    [InlineData(0x7FF8_0000_0000_0000L)] // NaN
    [InlineData(0x7FF0_0000_0000_0000L)] // +Infinity
    [InlineData(unchecked((long)0xFFF0_0000_0000_0000))] // -Infinity
    [InlineData(0x0000_0000_0000_0001L)] // double.Epsilon
    [InlineData(0x7FEF_FFFF_FFFF_FFFFL)] // double.MaxValue
    public void Double(long bits) => FieldKinds.Double.AssertWireCompatible(BitConverter.Int64BitsToDouble(bits));

    /// <summary>
    /// Strings are built as <paramref name="unit"/> repeated <paramref name="count"/> times, to reach every length-prefix
    /// size and both of ProtoWriter's encoding paths (prefix reserved up front, or counted first).
    /// </summary>
    [Theory]
    [InlineData("", 1)]
    [InlineData("a", 1)]
    [InlineData("\0", 1)]
    [InlineData("héllo 世界 🎉", 1)]
    [InlineData("x", 42)] // 42 * 3 < 128: prefix reserved
    [InlineData("x", 43)] // 43 * 3 >= 128: counted first, still a 1-byte prefix
    [InlineData("x", 127)]
    [InlineData("x", 128)]
    [InlineData("x", 300)]
    [InlineData("é", 63)] // 126 bytes
    [InlineData("é", 64)] // 128 bytes: 2-byte prefix
    [InlineData("世", 43)] // 129 bytes from 43 chars
    [InlineData("🎉", 32)] // surrogate pairs: 128 bytes from 64 chars
    [InlineData("x", 16_383)]
    [InlineData("x", 16_384)] // 3-byte prefix
    [InlineData("世", 5_462)] // 16,386 bytes from 5,462 chars
    public void String(string unit, int count) => FieldKinds.String.AssertWireCompatible(new StringBuilder().Insert(0, unit, count).ToString());

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(127)]
    [InlineData(128)]
    [InlineData(300)]
    [InlineData(70_000)]
    public void Bytes(int length)
    {
        byte[] value = Pattern(length);
        FieldKinds.Bytes.AssertWireCompatible(value);
        FieldKinds.BytesMemory.AssertWireCompatible(value);
        FieldKinds.BytesMemory.AssertWireCompatible(new ReadOnlyMemory<byte>(Pattern(length + 10), 5, length));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("0.00")]
    [InlineData("1")]
    [InlineData("-1")]
    [InlineData("12.50")]
    [InlineData("-0.5")]
    [InlineData("79228162514264337593543950335")]
    [InlineData("-79228162514264337593543950335")]
    [InlineData("0.0000000000000000000000000001")]
    [InlineData("-0.0000000000000000000000000001")]
    [InlineData("-7.9228162514264337593543950335")]
    public void Decimal(string text) =>
        FieldKinds.Decimal.AssertWireCompatible(decimal.Parse(text, NumberStyles.Number, CultureInfo.InvariantCulture));

    [Theory]
    [InlineData("00000000-0000-0000-0000-000000000000")]
    [InlineData("0f8fad5b-d9cb-469f-a165-70867728950e")]
    [InlineData("FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF")]
    public void Guid(string text) => FieldKinds.Guid.AssertWireCompatible(System.Guid.Parse(text));

    [Theory]
    [InlineData(0L, DateTimeKind.Utc)] // DateTime.MinValue
    [InlineData(3_155_378_975_999_999_999L, DateTimeKind.Utc)] // DateTime.MaxValue
    [InlineData(621_355_968_000_000_000L, DateTimeKind.Utc)] // Unix epoch: an empty Timestamp body
    [InlineData(621_355_968_000_000_001L, DateTimeKind.Utc)] // epoch + 100 ns
    [InlineData(621_355_967_999_999_999L, DateTimeKind.Utc)] // epoch - 100 ns: seconds -1, nanos 999,999,900
    [InlineData(599_266_080_001_234_567L, DateTimeKind.Utc)] // 1900-01-01 with a fraction
    [InlineData(638_500_000_000_000_000L, DateTimeKind.Utc)]
    [InlineData(638_500_000_012_345_678L, DateTimeKind.Unspecified)] // taken as UTC
    [InlineData(638_500_000_012_345_678L, DateTimeKind.Local)] // converted to UTC
    public void DateTime(long ticks, DateTimeKind kind) => FieldKinds.DateTime.AssertWireCompatible(new DateTime(ticks, kind));

    [Theory]
    [InlineData(0L, 0)] // DateTimeOffset.MinValue
    [InlineData(3_155_378_975_999_999_999L, 0)] // DateTimeOffset.MaxValue
    [InlineData(621_355_967_999_999_999L, 0)]
    [InlineData(638_500_000_012_345_678L, 330)] // +05:30: same instant, offset dropped
    [InlineData(638_500_000_012_345_678L, -480)]
    public void DateTimeOffset(long ticks, int offsetMinutes) =>
        FieldKinds.DateTimeOffset.AssertWireCompatible(new DateTimeOffset(ticks, System.TimeSpan.FromMinutes(offsetMinutes)));

    [Theory]
    [InlineData(0L)]
    [InlineData(1L)] // 100 ns: nanos only
    [InlineData(-1L)]
    [InlineData(10_000_000L)] // 1 s: seconds only
    [InlineData(-15_000_001L)] // -1.5000001 s: seconds -1, nanos -500,000,100
    [InlineData(-9_999_999L)]
    [InlineData(864_000_000_000L)] // one day
    [InlineData(long.MaxValue)] // TimeSpan.MaxValue
    [InlineData(long.MinValue)] // TimeSpan.MinValue
    public void TimeSpan(long ticks) => FieldKinds.TimeSpan.AssertWireCompatible(new TimeSpan(ticks));

    private static byte[] Pattern(int length)
    {
        byte[] bytes = new byte[length];
        for (int i = 0; i < bytes.Length; i++)
        {
            bytes[i] = (byte)((i * 7) + 3);
        }

        return bytes;
    }
}
