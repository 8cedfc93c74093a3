namespace Junction.Bench;

/// <summary>What one <c>junction-bench</c> invocation measures.</summary>
/// <param name="Protocol"><c>tcp</c> or <c>inproc</c> (Junction), or <c>bare</c> (the baseline alone).</param>
/// <param name="Concurrency">Closed-loop callers, each with one call in flight.</param>
/// <param name="PayloadBytes">The echoed payload's size.</param>
/// <param name="Warmup">Calls before measuring.</param>
/// <param name="Duration">The measured window.</param>
/// <param name="Connections">Connections from the consumer to the provider.</param>
/// <param name="SeparateProcesses">Whether the provider runs in a child process.</param>
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
}
