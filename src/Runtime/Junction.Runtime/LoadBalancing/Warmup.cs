using System.Globalization;
using Junction.Registry;

namespace Junction.LoadBalancing;

/// <summary>
/// A provider's weight as every weighted balancer sees it (Dubbo's AbstractLoadBalance.getWeight): its configured weight,
/// ramped up linearly over its warm-up period from its start time so a new provider is not flooded before its caches,
/// JIT and connection pools are ready.
/// </summary>
internal static class Warmup
{
    /// <summary>The provider metadata key holding the warm-up period in milliseconds (Dubbo's <c>warmup</c>).</summary>
    public const string MetadataKey = "warmup";

    /// <summary>Dubbo's default warm-up: 10 minutes.</summary>
    public const int DefaultMilliseconds = 600_000;

    /// <summary>The weight of <paramref name="instance"/> at <paramref name="now"/>.</summary>
    public static int Weight(ServiceInstance instance, DateTimeOffset now)
        => Weight(instance.Weight, UptimeMilliseconds(instance, now), Milliseconds(instance));

    /// <summary>
    /// The weight of a provider of configured <paramref name="weight"/> that has been up for
    /// <paramref name="uptimeMs"/> of a <paramref name="warmupMs"/> warm-up: <c>uptime / warmup × weight</c>, at least 1,
    /// until the warm-up is over.
    /// </summary>
    public static int Weight(int weight, long uptimeMs, int warmupMs)
    {
        if (weight <= 0)
        {
            return 0;
        }

        if (uptimeMs < 0)
        {
            // Start time in the future (clocks disagree): Dubbo's choice, the smallest weight that still gets calls.
            return 1;
        }

        if (uptimeMs >= warmupMs)
        {
            return weight;
        }

        // Dubbo computes (int)(uptime / ((float)warmup / weight)); exact integer arithmetic gives the same ramp without
        // float rounding at step boundaries. Dubbo also skips the ramp when uptime is exactly 0 (full weight for that
        // millisecond); here a provider that has just started gets 1, like one a millisecond later.
        var ramped = (int)(uptimeMs * weight / warmupMs);
        return Math.Clamp(ramped, 1, weight);
    }

    /// <summary>
    /// How many milliseconds from <paramref name="uptimeMs"/> until <see cref="Weight(int, long, int)"/> can next
    /// change; <see cref="long.MaxValue"/> once it no longer will.
    /// </summary>
    public static long NextChangeMilliseconds(int weight, long uptimeMs, int warmupMs)
    {
        if (weight <= 0 || uptimeMs >= warmupMs)
        {
            return long.MaxValue;
        }

        if (uptimeMs < 0)
        {
            return -uptimeMs;
        }

        // The weight steps up when uptime × weight reaches the next multiple of warmup.
        var step = (uptimeMs * weight / warmupMs) + 1;
        var next = ((step * warmupMs) + weight - 1) / weight;
        return Math.Max(1, Math.Min(next, warmupMs) - uptimeMs);
    }

    /// <summary>How long <paramref name="instance"/> has been up at <paramref name="now"/>, in whole milliseconds.</summary>
    public static long UptimeMilliseconds(ServiceInstance instance, DateTimeOffset now)
        => (now - instance.StartTime).Ticks / TimeSpan.TicksPerMillisecond;

    /// <summary>
    /// The warm-up period of <paramref name="instance"/>: its <c>warmup</c> metadata, else 10 minutes. A value that is not
    /// a whole number is ignored (the provider wrote it; the consumer cannot fix it), and 0 or less turns warm-up off.
    /// </summary>
    public static int Milliseconds(ServiceInstance instance)
        => instance.Metadata.TryGetValue(MetadataKey, out var text)
            && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var warmup)
            ? warmup
            : DefaultMilliseconds;
}
