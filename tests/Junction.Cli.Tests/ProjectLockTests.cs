using System.Reflection;
using Junction.Contracts;
using Junction.Cli.Contracts;
using Junction.Generators.Parser;

namespace Junction.Cli.Tests;

/// <summary>
/// <c>junction contracts lock --project</c>, the form the README shows: a throwaway contracts project in a temp folder
/// is built with the real <c>dotnet build</c> and its output locked next to it. The project references the runtime and
/// generator this repository built (by path, so the test never builds the repository's own projects).
/// </summary>
public sealed class ProjectLockTests
{
    private const string Contracts = """
        using Junction;

        namespace Warehouse;

        [RpcMessage]
        public sealed record Item([RpcField(1)] string Sku, [RpcField(2)] int Count, [RpcField(3)] List<string> Bins);

        [RpcService(Version = "3.1")]
        public interface IStock
        {
            Task<Item> GetAsync(string sku);
            Task<int> CountAsync(IReadOnlyDictionary<string, long> filter);
        }
        """;

    private const string Expected = """
        {
          "version": 1,
          "contracts": [
            {
              "interface": "Warehouse.IStock",
              "group": "",
              "version": "3.1",
              "methods": [
                { "name": "Count", "request": "CountRequest", "response": "CountResponse" },
                { "name": "Get", "request": "GetRequest", "response": "Item" }
              ],
              "messages": [
                {
                  "name": "CountRequest",
                  "fields": [
                    { "name": "filter", "number": 1, "type": "map<string, int64>" }
                  ]
                },
                {
                  "name": "CountResponse",
                  "fields": [
                    { "name": "value", "number": 1, "type": "int32" }
                  ]
                },
                {
                  "name": "GetRequest",
                  "fields": [
                    { "name": "sku", "number": 1, "type": "string" }
                  ]
                },
                {
                  "name": "Item",
                  "fields": [
                    { "name": "sku", "number": 1, "type": "string" },
                    { "name": "count", "number": 2, "type": "int32" },
                    { "name": "bins", "number": 3, "type": "repeated string" }
                  ]
                }
              ]
            }
          ]
        }

        """;

    [Fact]
    public async Task Builds_the_project_and_locks_its_output_next_to_it()
    {
        using var folder = new TemporaryFolder();
        var project = WriteProject(folder, Contracts);

        var (exitCode, output, error) = await JunctionTool.RunAsync("contracts", "lock", "--project", project);

        Assert.True(exitCode == 0, output + error);
        Assert.Equal(Expected, File.ReadAllText(folder.File(ContractManifest.FileName)));
        Assert.Contains("Warehouse.IStock:3.1: 2 method(s), 4 message(s)", output);
        Assert.Contains($"<AdditionalFiles Include=\"{ContractManifest.FileName}\" />", output);
    }

    [Fact]
    public async Task Build_errors_are_shown_and_nothing_is_written()
    {
        using var folder = new TemporaryFolder();
        var project = WriteProject(folder, Contracts.Replace("Task<Item> GetAsync(string sku);", "Task<Item> GetAsync(string sku) oops;"));

        var (exitCode, _, error) = await JunctionTool.RunAsync("contracts", "lock", "--project", project);

        Assert.Equal(1, exitCode);
        Assert.Contains("'dotnet build " + project + "' failed", error);
        Assert.Contains("Stock.cs(", error);
        Assert.False(File.Exists(folder.File(ContractManifest.FileName)));
    }

    [Fact]
    public async Task Locked_project_fails_to_build_on_a_breaking_change_until_the_major_version_is_raised()
    {
        using var folder = new TemporaryFolder();
        var project = WriteProject(folder, Contracts);
        Assert.Equal(0, (await JunctionTool.RunAsync("contracts", "lock", "--project", project)).ExitCode);

        File.WriteAllText(folder.File("Stock.cs"), Contracts.Replace("    Task<int> CountAsync(IReadOnlyDictionary<string, long> filter);\n", ""));
        var failure = await Assert.ThrowsAsync<LockException>(() => DotnetProject.BuildAsync(project, "Debug", null, CancellationToken.None));
        Assert.Contains(
            "error JRPC0019: 'Warehouse.IStock' no longer has method 'Count' since junction.contracts.json was locked at version 3.1; restore it, or raise the major Version and run 'dotnet junction contracts lock'",
            failure.Message);

        File.WriteAllText(folder.File("Stock.cs"), Contracts.Replace("    Task<int> CountAsync(IReadOnlyDictionary<string, long> filter);\n", "").Replace("Version = \"3.1\"", "Version = \"4.0\""));
        Assert.EndsWith("Warehouse.Contracts.dll", await DotnetProject.BuildAsync(project, "Debug", null, CancellationToken.None), StringComparison.Ordinal);
    }

    private static string WriteProject(TemporaryFolder folder, string source)
    {
        var runtime = typeof(ContractRegistry).Assembly.Location;
        var generator = BuiltAssembly("GeneratorPath");
        var analyzers = BuiltAssembly("AnalyzersPath");

        var project = folder.File("Warehouse.Contracts.csproj");
        File.WriteAllText(project, $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
              </PropertyGroup>
              <ItemGroup>
                <FrameworkReference Include="Microsoft.AspNetCore.App" />
                <Reference Include="Junction.Runtime" HintPath="{runtime}" />
                <Analyzer Include="{generator}" />
                <Analyzer Include="{analyzers}" />
                <AdditionalFiles Include="{ContractManifest.FileName}" Condition="Exists('{ContractManifest.FileName}')" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(folder.File("Stock.cs"), source);
        return project;
    }

    private static string BuiltAssembly(string key)
    {
        var path = typeof(ProjectLockTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
        Assert.True(File.Exists(path), "Not built: " + path);
        return path;
    }
}
