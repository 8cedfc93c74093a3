using Junction.Serialization;

namespace Junction.Runtime.Tests.Serialization;

/// <summary>
/// The primitives sit on every call's path, so sizing, writing and reading must not allocate beyond the decoded values
/// themselves. Counted with the thread's allocation counter, not timed.
/// </summary>
public class AllocationTests
{
    private static readonly Guid Key = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e");
    private static readonly DateTime When = new(2024, 2, 29, 12, 0, 0, DateTimeKind.Utc);
    private static readonly DateTimeOffset Seen = new(2024, 2, 29, 12, 0, 0, TimeSpan.FromHours(-8));
    private static readonly TimeSpan Elapsed = TimeSpan.FromTicks(-15_000_001);
    private const string Name = "héllo 世界 🎉";

    [Fact]
    public void Sizing_writing_and_reading_value_fields_does_not_allocate()
    {
        byte[] buffer = new byte[Size()];

        // The first round JIT-compiles and initialises statics; only the second is measured.
        RoundTrip(buffer);
        long before = GC.GetAllocatedBytesForCurrentThread();
        long checksum = RoundTrip(buffer);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.NotEqual(0, checksum);
    }

    private static int Size() =>
        ProtoSize.Int32(1, -5) + ProtoSize.SInt64(2, long.MinValue) + ProtoSize.Double(3, 1.5) + ProtoSize.Fixed32(4, 7u)
        + ProtoSize.Bool(5, (bool?)false) + ProtoSize.Decimal(6, 12.50m) + ProtoSize.Guid(7, Key)
        + ProtoSize.DateTime(8, When) + ProtoSize.DateTimeOffset(9, Seen) + ProtoSize.TimeSpan(10, Elapsed)
        + ProtoSize.String(11, Name);

    private static long RoundTrip(byte[] buffer)
    {
        int size = Size();
        var writer = new ProtoWriter(buffer.AsSpan(0, size));
        writer.WriteInt32(1, -5);
        writer.WriteSInt64(2, long.MinValue);
        writer.WriteDouble(3, 1.5);
        writer.WriteFixed32(4, 7u);
        writer.WriteBool(5, (bool?)false);
        writer.WriteDecimal(6, 12.50m);
        writer.WriteGuid(7, Key);
        writer.WriteDateTime(8, When);
        writer.WriteDateTimeOffset(9, Seen);
        writer.WriteTimeSpan(10, Elapsed);
        writer.WriteString(11, Name);

        long checksum = 0;
        var reader = new ProtoReader(buffer.AsSpan(0, writer.Position));
        while (reader.TryReadTag(out uint tag))
        {
            checksum += (tag >> 3) switch
            {
                1 => reader.ReadInt32(),
                2 => reader.ReadSInt64() & 0xFF,
                3 => (long)reader.ReadDouble(),
                4 => reader.ReadFixed32(),
                5 => reader.ReadBool() ? 1 : 2,
                6 => (long)reader.ReadDecimal(),
                7 => reader.ReadGuid() == Key ? 1 : 0,
                8 => reader.ReadDateTime().Ticks & 0xFF,
                9 => reader.ReadDateTimeOffset().Ticks & 0xFF,
                10 => reader.ReadTimeSpan().Ticks,
                _ => Skip(ref reader, tag),
            };
        }

        return checksum;
    }

    private static long Skip(ref ProtoReader reader, uint tag)
    {
        reader.SkipField(tag);
        return 1;
    }
}
