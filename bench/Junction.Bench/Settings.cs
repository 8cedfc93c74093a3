namespace Junction.Bench;

/// <summary>What one <c>junction-bench</c> invocation measures.</summary>
/// <param name="Protocol"><c>tcp</c> or <c>inproc</c> (Junction), or <c>bare</c> (the baseline alone).</param>
/// <param name="Concurrency">Closed-loop callers, each with one call in flight.</param>
/// <param name="PayloadBytes">The echoed payload's size.</param>
/// <param name="Warmup">Calls before measuring.</param>
/// <param name="Duration">The measured time of each measurement, over all its rounds.</param>
/// <param name="Connections">Connections from the consumer to each provider.</param>
/// <param name="SeparateProcesses">Whether providers run in child processes.</param>
/// <param name="Baseline">Whether the bare baseline is measured too.</param>
/// <param name="Json">Whether a JSON summary ends the output.</param>
internal sealed record Settings(
    string Protocol,
    int Concurrency,
    int PayloadBytes,
    TimeSpan Warmup,
    TimeSpan Duration,
    int Connections,
    bool SeparateProcesses,
    bool Baseline,
    bool Json)
{
    public const string Tcp = "tcp";
    public const string InProc = "inproc";
    public const string Bare = "bare";

    /// <summary>Every call's timeout: long enough that only a stuck call fails.</summary>
    public const int CallTimeoutMs = 5000;

    /// <summary>The largest payload accepted: well under the protocol's default 8 MiB frame limit.</summary>
    public const int MaxPayloadBytes = 4 * 1024 * 1024;

    /// <summary>
    /// With <see cref="Baseline"/>: how many times the baseline and Junction take turns, each measuring
    /// <see cref="Duration"/> / rounds per turn. The ratios are the medians of the rounds' ratios.
    /// </summary>
    public int Rounds { get; init; } = 1;

    /// <summary>Junction providers, each in its own process (tcp only).</summary>
    public int Providers { get; init; } = 1;

    /// <summary>The providers' weights, one per provider; null for the default weight.</summary>
    public int[]? Weights { get; init; }

    /// <summary>The consumer's load balancer; null for the default.</summary>
    public string? LoadBalance { get; init; }

    /// <summary>The consumer's cluster strategy; null for the default.</summary>
    public string? Cluster { get; init; }

    /// <summary>Whether callers call the idempotent echo (which failover may retry).</summary>
    public bool Idempotent { get; init; }

    /// <summary>Which provider to SIGKILL and when (after the start of the measured window); null for none.</summary>
    public KillPlan? Kill { get; init; }

    /// <summary>Whether the consumer goes through a registry (several providers, weights) instead of a direct url.</summary>
    public bool UsesRegistry => Providers > 1 || Weights is not null;
}

/// <summary>SIGKILL provider <paramref name="Provider"/> (counted from 0) <paramref name="At"/> into the measured window.</summary>
internal sealed record KillPlan(int Provider, TimeSpan At)
{
    /// <summary>Parses <c>I@SECONDS</c>; null with an error message when it is not that.</summary>
    public static KillPlan? Parse(string text, out string? error)
    {
        var parts = text.Split('@');
        if (parts.Length == 2
            && int.TryParse(parts[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var provider)
            && double.TryParse(parts[1], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var seconds)
            && seconds >= 0 && seconds <= 3600)
        {
            error = null;
            return new KillPlan(provider, TimeSpan.FromSeconds(seconds));
        }

        error = $"--kill '{text}' is not PROVIDER@SECONDS, for example 1@5 (SIGKILL provider 1, counted from 0, 5 s into the measured window).";
        return null;
    }
}
