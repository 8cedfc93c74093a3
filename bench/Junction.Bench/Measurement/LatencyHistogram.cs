using System.Diagnostics;
using System.Numerics;

namespace Junction.Bench.Measurement;

/// <summary>
/// A log-linear latency histogram in nanoseconds (HdrHistogram's bucketing, simplified): values below 256 ns are exact,
/// above that every power of two is split into 128 buckets, so a recorded value is off by at most 1/128 (0.8%).
/// Fixed size and preallocated: recording never allocates. One per caller, merged after the run.
/// </summary>
internal sealed class LatencyHistogram
{
    private const int SubBucketBits = 7;
    private const int SubBucketCount = 1 << SubBucketBits;          // 128
    private const int MaxShift = 40;                                 // 2^47 ns ≈ 39 hours: nothing real is larger
    private const int BucketCount = (MaxShift + 2) * SubBucketCount;

    private static readonly double NanosecondsPerTick = 1e9 / Stopwatch.Frequency;

    private readonly long[] _counts = new long[BucketCount];

    /// <summary>How many values were recorded.</summary>
    public long Count { get; private set; }

    /// <summary>The largest recorded value in nanoseconds.</summary>
    public long MaxNanoseconds { get; private set; }

    /// <summary>The sum of the recorded values in nanoseconds (for the mean).</summary>
    public long TotalNanoseconds { get; private set; }

    /// <summary>Records the time between two <see cref="Stopwatch.GetTimestamp"/> readings.</summary>
    public void RecordTicks(long startTimestamp, long endTimestamp)
        => Record((long)((endTimestamp - startTimestamp) * NanosecondsPerTick));

    /// <summary>Records one value in nanoseconds.</summary>
    public void Record(long nanoseconds)
    {
        if (nanoseconds < 0)
        {
            nanoseconds = 0;
        }

        _counts[IndexOf(nanoseconds)]++;
        Count++;
        TotalNanoseconds += nanoseconds;
        if (nanoseconds > MaxNanoseconds)
        {
            MaxNanoseconds = nanoseconds;
        }
    }

    /// <summary>Adds another histogram's values to this one.</summary>
    public void Add(LatencyHistogram other)
    {
        for (var i = 0; i < BucketCount; i++)
        {
            _counts[i] += other._counts[i];
        }

        Count += other.Count;
        TotalNanoseconds += other.TotalNanoseconds;
        MaxNanoseconds = Math.Max(MaxNanoseconds, other.MaxNanoseconds);
    }

    /// <summary>
    /// The value at <paramref name="percentile"/> (0–100) in nanoseconds: the middle of the bucket holding the sample
    /// of that rank, never more than the largest recorded value. 0 when nothing was recorded.
    /// </summary>
    public double ValueAtPercentile(double percentile)
    {
        if (Count == 0)
        {
            return 0;
        }

        // The rank of the sample, 1-based, rounded up (nearest-rank definition): p50 of 1..4 is 2, p100 is the max.
        var rank = Math.Max(1, (long)Math.Ceiling(percentile / 100.0 * Count));
        long seen = 0;
        for (var i = 0; i < BucketCount; i++)
        {
            seen += _counts[i];
            if (seen >= rank)
            {
                return Math.Min(MiddleOf(i), MaxNanoseconds);
            }
        }

        return MaxNanoseconds;
    }

    internal static int IndexOf(long value)
    {
        var shift = Math.Max(0, 63 - BitOperations.LeadingZeroCount((ulong)value) - SubBucketBits);
        if (shift > MaxShift)
        {
            return BucketCount - 1;
        }

        // shift 0 covers 0..255 one by one; shift s >= 1 covers [128 << s, 256 << s) in steps of 1 << s.
        return (shift * SubBucketCount) + (int)(value >> shift);
    }

    internal static double MiddleOf(int index)
    {
        if (index < 2 * SubBucketCount)
        {
            return index;
        }

        var shift = (index / SubBucketCount) - 1;
        var mantissa = index - (shift * SubBucketCount);
        var lower = (long)mantissa << shift;
        return lower + (((1L << shift) - 1) / 2.0);
    }
}
