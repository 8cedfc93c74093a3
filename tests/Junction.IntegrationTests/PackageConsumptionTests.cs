using System.IO.Compression;
using System.Xml.Linq;

namespace Junction.IntegrationTests;

/// <summary>
/// The two packages a user installs, packed from this repository and consumed from a throwaway project: the right files
/// in the right folders, the generator running from the package, and an analyzer error failing the user's build.
/// </summary>
public sealed class PackageConsumptionTests(PackedFeed feed, ITestOutputHelper output) : IClassFixture<PackedFeed>
{
    [Fact]
    public void The_analyzer_package_holds_the_generator_analyzers_and_code_fixes_and_nothing_to_reference()
    {
        LogPacking();
        using var package = ZipFile.OpenRead(feed.PackagePath("Junction.Analyzers"));
        var entries = package.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal).ToList();
        var listing = "Entries:" + Environment.NewLine + string.Join(Environment.NewLine, entries);
        output.WriteLine(listing);

        Assert.Equal(
            ["analyzers/dotnet/cs/Junction.Analyzers.dll", "analyzers/dotnet/cs/Junction.CodeFixes.dll", "analyzers/dotnet/cs/Junction.Generators.dll"],
            entries.Where(e => e.StartsWith("analyzers/", StringComparison.Ordinal)));
        Assert.False(entries.Any(e => e.StartsWith("lib/", StringComparison.Ordinal) || e.StartsWith("ref/", StringComparison.Ordinal)), listing);
        Assert.Contains("README.md", entries);

        var nuspec = ReadNuspec(package);
        Assert.Equal("Junction.Analyzers", Element(nuspec, "id")?.Value);
        Assert.Equal(feed.Version, Element(nuspec, "version")?.Value);
        // Roslyn comes with the compiler that loads the analyzers: a dependency on it would drag a second copy in.
        Assert.True(!Elements(nuspec, "dependency").Any(), "The analyzer package must have no dependencies:" + Environment.NewLine + nuspec);
        Assert.Equal("true", Element(nuspec, "developmentDependency")?.Value);
    }

    [Fact]
    public void The_runtime_package_holds_the_library_its_docs_and_the_aspnetcore_framework_reference()
    {
        LogPacking();
        using var package = ZipFile.OpenRead(feed.PackagePath("Junction.Runtime"));
        var entries = package.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal).ToList();
        var listing = "Entries:" + Environment.NewLine + string.Join(Environment.NewLine, entries);
        output.WriteLine(listing);

        Assert.Equal(
            ["lib/net10.0/Junction.Runtime.dll", "lib/net10.0/Junction.Runtime.xml"],
            entries.Where(e => e.StartsWith("lib/", StringComparison.Ordinal)));
        // The generator ships in Junction.Analyzers only; two copies would emit every contract twice.
        Assert.False(entries.Any(e => e.StartsWith("analyzers/", StringComparison.Ordinal)), listing);

        var nuspec = ReadNuspec(package);
        Assert.Equal("Junction.Runtime", Element(nuspec, "id")?.Value);
        Assert.Equal(feed.Version, Element(nuspec, "version")?.Value);
        var frameworkReferences = Elements(nuspec, "group")
            .Where(g => g.Parent?.Name.LocalName == "frameworkReferences" && (string?)g.Attribute("targetFramework") == "net10.0")
            .SelectMany(g => g.Elements().Select(r => (string?)r.Attribute("name")))
            .ToList();
        Assert.True(frameworkReferences.Contains("Microsoft.AspNetCore.App"), "No net10.0 frameworkReference to Microsoft.AspNetCore.App:" + Environment.NewLine + nuspec);
        Assert.True(
            !Elements(nuspec, "dependency").Any(d => ((string?)d.Attribute("id"))?.StartsWith("Microsoft.CodeAnalysis", StringComparison.OrdinalIgnoreCase) == true),
            "The runtime must not depend on Roslyn:" + Environment.NewLine + nuspec);
    }

    [Fact]
    public async Task A_console_app_that_references_the_two_packages_gets_its_contract_generated_and_calls_it()
    {
        LogPacking();
        using var consumer = ConsumerProject.Create(feed, WorkingProgram);

        var build = await consumer.BuildAsync();
        Log(build);
        Assert.True(build.Succeeded, build.Describe());

        // The analyzer package adds nothing to the app's output; the runtime is the only Junction assembly it needs.
        var outputDirectory = Path.Combine(consumer.ProjectDirectory, "bin", "Debug", "net10.0");
        var junctionAssemblies = Directory.GetFiles(outputDirectory, "Junction.*.dll").Select(Path.GetFileName).ToList();
        Assert.Equal(["Junction.Runtime.dll"], junctionAssemblies);

        var run = await consumer.RunAsync();
        Log(run);
        Assert.True(run.Succeeded, run.Describe());
        var lines = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.True(
            lines.SequenceEqual(["service=it/PackageConsumer.ICalculator:1.0.0", "add=42", "repeat=hi hi hi"]),
            run.Describe());
    }

    [Fact]
    public async Task A_contract_method_that_returns_int_fails_the_users_build_with_JRPC0002()
    {
        LogPacking();
        using var consumer = ConsumerProject.Create(feed, BrokenProgram);

        var build = await consumer.BuildAsync();
        Log(build);

        Assert.True(build.ExitCode is not null and not 0, "The build should have failed. " + build.Describe());
        Assert.True(build.Output.Contains("error JRPC0002", StringComparison.Ordinal), "Expected the analyzer's error JRPC0002. " + build.Describe());
    }

    private const string WorkingProgram = """
        using Junction;
        using Junction.Contracts;
        using Junction.Hosting;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Hosting;
        using Microsoft.Extensions.Logging;
        using PackageConsumer;

        // A provider on the generic host (Microsoft.Extensions.Hosting arrives through the runtime's framework reference),
        // and a client without DI; both meet in the default in-memory registry over the inproc protocol.
        var builder = Host.CreateApplicationBuilder(args);
        builder.Logging.ClearProviders();
        builder.Services.AddJunction(o => o.Application = "package-consumer").AddRpcService<ICalculator, Calculator>();
        using var provider = builder.Build();
        await provider.StartAsync();

        Console.WriteLine($"service={ContractRegistry.Get<ICalculator>().ServiceKey}");
        var calculator = JunctionClient.Create<ICalculator>();
        var sum = await calculator.AddAsync(new AddRequest(19, 23));
        Console.WriteLine($"add={sum.Value}");
        Console.WriteLine($"repeat={await calculator.RepeatAsync("hi", 3)}");

        await provider.StopAsync();

        namespace PackageConsumer
        {
            [RpcService(Version = "1.0.0", Group = "it", Protocol = "inproc")]
            public interface ICalculator
            {
                Task<AddReply> AddAsync(AddRequest request, CancellationToken cancellationToken = default);

                ValueTask<string> RepeatAsync(string text, int times, CancellationToken cancellationToken = default);
            }

            [RpcMessage]
            public sealed record AddRequest(int Left, int Right);

            [RpcMessage]
            public sealed record AddReply(int Value);

            public sealed class Calculator : ICalculator
            {
                public Task<AddReply> AddAsync(AddRequest request, CancellationToken cancellationToken = default)
                    => Task.FromResult(new AddReply(request.Left + request.Right));

                public ValueTask<string> RepeatAsync(string text, int times, CancellationToken cancellationToken = default)
                    => ValueTask.FromResult(string.Join(' ', Enumerable.Repeat(text, times)));
            }
        }
        """;

    private const string BrokenProgram = """
        using Junction;

        Console.WriteLine("This program must not build.");

        [RpcService(Protocol = "inproc")]
        public interface IBrokenCalculator
        {
            int Add(int left, int right);
        }
        """;

    private static XDocument ReadNuspec(ZipArchive package) => PackedFeed.ReadNuspec(package);

    private static IEnumerable<XElement> Elements(XDocument document, string localName) =>
        document.Descendants().Where(e => e.Name.LocalName == localName);

    private static XElement? Element(XDocument document, string localName) => Elements(document, localName).FirstOrDefault();

    private void LogPacking()
    {
        output.WriteLine($"Packages {feed.Version} in {feed.FeedDirectory}");
        foreach (var pack in feed.PackResults)
        {
            output.WriteLine($"`{pack.CommandLine}`: {pack.Elapsed.TotalSeconds:F1} s");
        }
    }

    private void Log(ProcessResult result) => output.WriteLine(result.Describe());
}
