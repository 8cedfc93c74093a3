using System.Diagnostics;
using System.Text;

namespace Junction.Cli.Contracts;

/// <summary>Builds a project with the .NET SDK and finds the assembly it produced.</summary>
internal static class DotnetProject
{
    // Set by an outer dotnet/MSBuild process (a test run, an MSBuild task); a child 'dotnet build' must find its own.
    private static readonly string[] InheritedMSBuildVariables = ["MSBuildExtensionsPath", "MSBuildSDKsPath", "MSBUILD_EXE_PATH", "MSBuildLoadMicrosoftTargetsReadOnly"];

    /// <summary>Runs <c>dotnet build</c> and returns the project's <c>TargetPath</c>.</summary>
    public static async Task<string> BuildAsync(string project, string configuration, string? framework, CancellationToken cancellationToken)
    {
        if (!File.Exists(project))
        {
            throw new LockException($"{project} does not exist; pass the path of the contracts project's .csproj.");
        }

        var properties = new List<string> { "-p:Configuration=" + configuration };
        if (framework is not null)
        {
            properties.Add("-p:TargetFramework=" + framework);
        }

        // No node reuse: the tool should leave no MSBuild processes behind once it exits.
        var build = await RunAsync(["build", project, "-nologo", "-v:q", "-nodeReuse:false", .. properties], cancellationToken).ConfigureAwait(false);
        if (build.ExitCode != 0)
        {
            throw new LockException($"'dotnet build {project}' failed (exit code {build.ExitCode}):\n{build.Output.TrimEnd()}");
        }

        var query = await RunAsync(["msbuild", project, "-nologo", "-nodeReuse:false", "-getProperty:TargetPath", .. properties], cancellationToken).ConfigureAwait(false);
        var targetPath = query.Output.Trim();
        if (query.ExitCode != 0)
        {
            throw new LockException($"'dotnet msbuild {project} -getProperty:TargetPath' failed (exit code {query.ExitCode}):\n{targetPath}");
        }

        if (targetPath.Length == 0)
        {
            throw new LockException($"{project} has no single output assembly (it may target several frameworks); pass --framework <tfm>.");
        }

        return targetPath;
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(DotnetExecutable())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var variable in InheritedMSBuildVariables)
        {
            start.Environment.Remove(variable);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";

        using var process = Process.Start(start) ?? throw new LockException("Could not start 'dotnet'.");
        var output = new StringBuilder();
        var stdout = PumpAsync(process.StandardOutput, output);
        var stderr = PumpAsync(process.StandardError, output);
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        await Task.WhenAll(stdout, stderr).ConfigureAwait(false);
        return (process.ExitCode, output.ToString());
    }

    private static async Task PumpAsync(StreamReader reader, StringBuilder output)
    {
        var text = await reader.ReadToEndAsync().ConfigureAwait(false);
        lock (output)
        {
            output.Append(text);
        }
    }

    /// <summary>The dotnet host this tool runs under when known (so the same SDK builds), else <c>dotnet</c> on the PATH.</summary>
    private static string DotnetExecutable()
    {
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(host) && File.Exists(host))
        {
            return host;
        }

        var process = Environment.ProcessPath;
        return process is not null && Path.GetFileNameWithoutExtension(process) == "dotnet" ? process : "dotnet";
    }
}
