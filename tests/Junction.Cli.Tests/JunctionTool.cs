using System.CommandLine;

namespace Junction.Cli.Tests;

/// <summary>Runs the junction command in-process, as the tool's Main does, capturing what it prints.</summary>
internal static class JunctionTool
{
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exitCode = await JunctionCommand.Create().Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        return (exitCode, output.ToString(), error.ToString());
    }
}
