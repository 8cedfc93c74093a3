using Inventory;
using Junction.Contracts;
using Junction.Generators.Parser;
using Quickstart;

namespace Junction.Cli.Tests;

/// <summary>
/// <c>junction contracts lock --assembly</c> against real generator output: the Quickstart's contracts assembly and
/// this test assembly (which declares <see cref="IStockService"/>). The expected text is the manifest the generator
/// compiled into each descriptor, read here through the runtime the tests reference.
/// </summary>
public sealed class LockCommandTests
{
    private static readonly string QuickstartAssembly = typeof(IGreeter).Assembly.Location;
    private static readonly string StockAssembly = typeof(IStockService).Assembly.Location;
    private static readonly string GreeterManifest = ContractRegistry.Get<IGreeter>().ContractManifest;
    private static readonly string StockManifest = ContractRegistry.Get<IStockService>().ContractManifest;

    [Fact]
    public async Task Writes_the_manifest_the_generator_emitted()
    {
        using var folder = new TemporaryFolder();
        var lockFile = folder.File(ContractManifest.FileName);

        var (exitCode, output, error) = await JunctionTool.RunAsync("contracts", "lock", "--assembly", QuickstartAssembly, "--output", lockFile);

        Assert.True(exitCode == 0, error);
        Assert.Contains("\"interface\": \"Quickstart.IGreeter\"", GreeterManifest);
        Assert.Equal(GreeterManifest, File.ReadAllText(lockFile));
        Assert.Contains("Locked 1 contract(s) of Quickstart.dll", output);
        Assert.Contains("demo/Quickstart.IGreeter:1.0.0", output);
    }

    [Fact]
    public async Task Locking_another_assembly_keeps_the_contracts_already_recorded()
    {
        using var folder = new TemporaryFolder();
        var lockFile = folder.File(ContractManifest.FileName);

        Assert.Equal(0, (await JunctionTool.RunAsync("contracts", "lock", "-a", QuickstartAssembly, "-o", lockFile)).ExitCode);
        var (exitCode, output, error) = await JunctionTool.RunAsync("contracts", "lock", "-a", StockAssembly, "-o", lockFile);

        Assert.True(exitCode == 0, error);
        var expected = ContractManifest.Parse(GreeterManifest).With(ContractManifest.Parse(StockManifest).Contracts).ToJson();
        Assert.Equal(expected, File.ReadAllText(lockFile));
        Assert.Equal(["Inventory.IStockService", "Quickstart.IGreeter"], ContractManifest.Parse(expected).Contracts.Select(c => c.Interface));
        Assert.Contains("Locked 1 contract(s) of Junction.Cli.Tests.dll", output);
        Assert.Contains("kept 1 contract(s) of other assemblies", output);

        // Locking the first assembly again replaces its entry rather than adding a second one.
        Assert.Equal(0, (await JunctionTool.RunAsync("contracts", "lock", "-a", QuickstartAssembly, "-o", lockFile)).ExitCode);
        Assert.Equal(expected, File.ReadAllText(lockFile));
    }

    [Fact]
    public void A_method_named_Manifest_keeps_its_name_and_the_descriptor_still_carries_the_manifest()
    {
        var contract = ContractManifest.Parse(StockManifest).Contracts.Single();

        Assert.Equal(["Level", "Manifest"], contract.Methods.Select(m => m.Name));
        Assert.NotNull(ContractRegistry.Get<IStockService>().FindMethod("Manifest"));
    }

    [Fact]
    public async Task Relocking_replaces_an_older_recording_of_the_same_contract()
    {
        using var folder = new TemporaryFolder();
        var lockFile = folder.File(ContractManifest.FileName);
        var older = ContractManifest.Parse(GreeterManifest.Replace("\"version\": \"1.0.0\"", "\"version\": \"0.9.0\"").Replace("\"name\": \"SayHello\"", "\"name\": \"SayHelloOld\""));
        var foreign = ContractManifest.Parse(StockManifest);
        File.WriteAllText(lockFile, older.With(foreign.Contracts).ToJson());

        var (exitCode, _, error) = await JunctionTool.RunAsync("contracts", "lock", "-a", QuickstartAssembly, "-o", lockFile);

        Assert.True(exitCode == 0, error);
        var written = ContractManifest.Parse(File.ReadAllText(lockFile));
        Assert.Equal(ContractManifest.Parse(GreeterManifest).Contracts.Single(), written.Find("Quickstart.IGreeter", "demo"));
        Assert.Equal(foreign.Contracts.Single(), written.Find("Inventory.IStockService", "warehouse"));
        Assert.Equal(2, written.Contracts.Count);
    }

    [Fact]
    public async Task Unreadable_lock_file_is_left_alone()
    {
        using var folder = new TemporaryFolder();
        var lockFile = folder.File(ContractManifest.FileName);
        const string broken = "{ \"version\": 1,\n  \"contracts\": [ }\n";
        File.WriteAllText(lockFile, broken);

        var (exitCode, _, error) = await JunctionTool.RunAsync("contracts", "lock", "-a", QuickstartAssembly, "-o", lockFile);

        Assert.Equal(1, exitCode);
        Assert.Contains("cannot be read: unexpected '}', expected a value at line 2, column 18", error);
        Assert.Equal(broken, File.ReadAllText(lockFile));
    }

    [Fact]
    public async Task Assembly_without_the_runtime_is_reported()
    {
        using var folder = new TemporaryFolder();

        var (exitCode, _, error) = await JunctionTool.RunAsync("contracts", "lock", "-a", typeof(FactAttribute).Assembly.Location, "-o", folder.File(ContractManifest.FileName));

        Assert.Equal(1, exitCode);
        Assert.Contains("does not reference Junction.Runtime, so it declares no Junction contracts", error);
        Assert.False(File.Exists(folder.File(ContractManifest.FileName)));
    }

    [Fact]
    public async Task Assembly_whose_runtime_is_not_beside_it_is_reported_even_though_the_tool_carries_a_runtime_of_its_own()
    {
        using var folder = new TemporaryFolder();
        var alone = folder.File("Quickstart.dll");
        File.Copy(QuickstartAssembly, alone);

        var (exitCode, _, error) = await JunctionTool.RunAsync("contracts", "lock", "-a", alone, "-o", folder.File(ContractManifest.FileName));

        Assert.Equal(1, exitCode);
        Assert.Contains("Junction.Runtime.dll is not next to Quickstart.dll; lock the assembly in its build output folder", error);
        Assert.False(File.Exists(folder.File(ContractManifest.FileName)));
    }

    [Fact]
    public async Task Assembly_without_contracts_is_reported()
    {
        using var folder = new TemporaryFolder();

        // The tool itself references Junction.Runtime and declares no contract (the runtime declares IMonitorService).
        var (exitCode, _, error) = await JunctionTool.RunAsync("contracts", "lock", "-a", typeof(JunctionCommand).Assembly.Location, "-o", folder.File(ContractManifest.FileName));

        Assert.Equal(1, exitCode);
        Assert.Contains("Junction.Cli declares no Junction contracts", error);
    }

    [Fact]
    public async Task Missing_assembly_is_reported()
    {
        using var folder = new TemporaryFolder();

        var (exitCode, _, error) = await JunctionTool.RunAsync("contracts", "lock", "-a", folder.File("Nope.dll"), "-o", folder.File(ContractManifest.FileName));

        Assert.Equal(1, exitCode);
        Assert.Contains("Nope.dll does not exist", error);
    }

    [Theory]
    [InlineData]
    [InlineData("--assembly", "a.dll", "--project", "b.csproj")]
    public async Task Exactly_one_of_assembly_and_project_is_required(params string[] options)
    {
        var (exitCode, _, error) = await JunctionTool.RunAsync(["contracts", "lock", .. options]);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("Give exactly one of --assembly <dll> or --project <csproj>.", error);
    }
}
