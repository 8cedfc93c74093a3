using System.CommandLine;
using System.Text;
using Junction.Generators.Parser;

namespace Junction.Cli.Contracts;

/// <summary>What <c>junction contracts lock</c> was asked to do.</summary>
/// <param name="Assembly">A built contracts assembly, or null when <paramref name="Project"/> is given.</param>
/// <param name="Project">A project to build and lock, or null when <paramref name="Assembly"/> is given.</param>
/// <param name="Output">The lock file; null for junction.contracts.json next to the project, or in the current folder.</param>
/// <param name="Configuration">The build configuration for <paramref name="Project"/>.</param>
/// <param name="Framework">The target framework for <paramref name="Project"/>, needed only when it targets several.</param>
internal sealed record LockOptions(string? Assembly, string? Project, string? Output, string Configuration = "Debug", string? Framework = null);

/// <summary>
/// <c>junction contracts lock</c>: writes the manifest of every contract an assembly declares into
/// junction.contracts.json, keeping the contracts of other assemblies already recorded there. The analyzer then
/// reports any later change that would break peers built against the recorded contracts (JRPC0019).
/// </summary>
internal static class LockCommand
{
    public static Command Create()
    {
        var assembly = new Option<FileInfo?>("--assembly", "-a") { Description = "A built contracts assembly (.dll) to lock." };
        var project = new Option<FileInfo?>("--project", "-p") { Description = "A contracts project (.csproj): built with 'dotnet build', then its output assembly is locked." };
        var output = new Option<FileInfo?>("--output", "-o") { Description = "The lock file to write. Default: " + ContractManifest.FileName + " next to the project, or in the current folder." };
        var configuration = new Option<string>("--configuration", "-c") { Description = "The configuration to build the project in.", DefaultValueFactory = _ => "Debug" };
        var framework = new Option<string?>("--framework", "-f") { Description = "The target framework to build, when the project targets several." };

        var command = new Command("lock", "Record the methods and message field numbers of published contracts in " + ContractManifest.FileName + ", so the build fails on changes that would break their peers.")
        {
            assembly, project, output, configuration, framework,
        };
        command.Validators.Add(result =>
        {
            if ((result.GetValue(assembly) is null) == (result.GetValue(project) is null))
            {
                result.AddError("Give exactly one of --assembly <dll> or --project <csproj>.");
            }
        });
        command.SetAction((parse, cancellationToken) => RunAsync(
            new LockOptions(
                parse.GetValue(assembly)?.FullName,
                parse.GetValue(project)?.FullName,
                parse.GetValue(output)?.FullName,
                parse.GetValue(configuration) ?? "Debug",
                parse.GetValue(framework)),
            parse.InvocationConfiguration.Output,
            parse.InvocationConfiguration.Error,
            cancellationToken));
        return command;
    }

    /// <summary>Locks the contracts; returns the exit code (0 when the file was written).</summary>
    public static async Task<int> RunAsync(LockOptions options, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        try
        {
            var assemblyPath = options.Assembly;
            if (options.Project is not null)
            {
                output.WriteLine($"Building {options.Project} ({options.Configuration})...");
                assemblyPath = await DotnetProject.BuildAsync(options.Project, options.Configuration, options.Framework, cancellationToken).ConfigureAwait(false);
            }

            var outputPath = options.Output
                ?? Path.Combine(options.Project is null ? Directory.GetCurrentDirectory() : Path.GetDirectoryName(options.Project)!, ContractManifest.FileName);
            var contracts = ContractAssemblyLoader.ReadContracts(assemblyPath!);

            var existing = ContractManifest.Empty;
            if (File.Exists(outputPath))
            {
                try
                {
                    existing = ContractManifest.Parse(await File.ReadAllTextAsync(outputPath, cancellationToken).ConfigureAwait(false));
                }
                catch (ManifestFormatException exception)
                {
                    throw new LockException($"{outputPath} cannot be read: {exception.Message}. Fix it, or delete it to record only this assembly's contracts.");
                }
            }

            var manifest = existing.With(contracts);
            await File.WriteAllTextAsync(outputPath, manifest.ToJson(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), cancellationToken).ConfigureAwait(false);

            output.WriteLine($"Locked {contracts.Count} contract(s) of {Path.GetFileName(assemblyPath)} in {outputPath}:");
            foreach (var contract in contracts)
            {
                var group = contract.Group.Length == 0 ? "" : contract.Group + "/";
                var version = contract.Version.Length == 0 ? "" : ":" + contract.Version;
                output.WriteLine($"  {group}{contract.Interface}{version}: {contract.Methods.Count} method(s), {contract.Messages.Count} message(s)");
            }

            var others = manifest.Contracts.Count - contracts.Count;
            if (others > 0)
            {
                output.WriteLine($"  (kept {others} contract(s) of other assemblies)");
            }

            if (!string.Equals(Path.GetFileName(outputPath), ContractManifest.FileName, StringComparison.OrdinalIgnoreCase))
            {
                output.WriteLine($"Note: the analyzer reads the lock only from a file named {ContractManifest.FileName}.");
            }
            else if (options.Project is not null)
            {
                var relative = Path.GetRelativePath(Path.GetDirectoryName(options.Project)!, outputPath);
                output.WriteLine($"The build checks the lock once the project has <AdditionalFiles Include=\"{relative}\" />.");
            }

            return 0;
        }
        catch (LockException exception)
        {
            error.WriteLine("error: " + exception.Message);
            return 1;
        }
    }
}

/// <summary>A failure the user can act on; printed without a stack trace.</summary>
internal sealed class LockException(string message) : Exception(message);
