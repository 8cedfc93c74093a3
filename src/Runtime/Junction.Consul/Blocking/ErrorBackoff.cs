namespace Junction.Consul.Blocking;

/// <summary>
/// Pauses between failed queries: doubling from the minimum up to the maximum, with "equal jitter" (half fixed, half
/// random) so that many consumers that lost the agent together do not come back in step. A success resets it.
/// </summary>
internal sealed class ErrorBackoff(TimeSpan min, TimeSpan max, Random random)
{
    /// <summary>Failures since the last success.</summary>
    public int Failures { get; private set; }

    /// <summary>Counts a failure and returns the pause before the next attempt.</summary>
    public TimeSpan Next()
    {
        Failures++;
        var ceiling = min * Math.Pow(2, Math.Min(Failures - 1, 30));
        if (ceiling > max)
        {
            ceiling = max;
        }

        return ceiling / 2 + ceiling / 2 * random.NextDouble();
    }

    /// <summary>Records a success.</summary>
    public void Reset() => Failures = 0;
}
