namespace Junction.IntegrationTests;

/// <summary>What a child process did: its command line, exit code, interleaved stdout and stderr, and how long it took.</summary>
/// <param name="CommandLine">The command as a person would type it.</param>
/// <param name="ExitCode">The exit code, or <see langword="null"/> if the process was killed at its timeout.</param>
/// <param name="Output">Standard output and standard error, line by line in arrival order.</param>
/// <param name="Elapsed">Wall-clock time from start to exit (or to the kill).</param>
public sealed record ProcessResult(string CommandLine, int? ExitCode, string Output, TimeSpan Elapsed)
{
    /// <summary>True when the process exited by itself with code 0.</summary>
    public bool Succeeded => ExitCode == 0;

    /// <summary>Everything a failing assertion should show: the command, how it ended and all of its output.</summary>
    public string Describe()
    {
        var ending = ExitCode is { } code ? $"exit code {code}" : "killed at its timeout";
        return $"`{CommandLine}` ended with {ending} after {Elapsed.TotalSeconds:F1} s. Output:{Environment.NewLine}{Output}";
    }
}
