using System.IO.Compression;
using System.Xml.Linq;
using Junction.Consul.Tests.Double;

namespace Junction.IntegrationTests;

/// <summary>
/// The four packages a user installs, packed from this repository and consumed from throwaway projects: the right files
/// in the right folders, the generator running from the package, an analyzer error failing the user's build, and script
/// routing and Consul working from a plain build output, their dependencies restored from the feed alone.
/// </summary>
public sealed class PackageConsumptionTests(PackedFeed feed, ITestOutputHelper output) : IClassFixture<PackedFeed>
{
    [Fact]
    public void The_analyzer_package_holds_the_generator_analyzers_and_code_fixes_and_nothing_to_reference()
    {
        LogPacking();
        var (entries, listing, nuspec) = Open("Junction.Analyzers");

        Assert.Equal(
            ["analyzers/dotnet/cs/Junction.Analyzers.dll", "analyzers/dotnet/cs/Junction.CodeFixes.dll", "analyzers/dotnet/cs/Junction.Generators.dll"],
            entries.Where(e => e.StartsWith("analyzers/", StringComparison.Ordinal)));
        Assert.False(entries.Any(e => e.StartsWith("lib/", StringComparison.Ordinal) || e.StartsWith("ref/", StringComparison.Ordinal)), listing);
        Assert.Contains("README.md", entries);

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
        var nuspec = OpenLibraryPackage("Junction.Runtime");

        var frameworkReferences = Elements(nuspec, "group")
            .Where(g => g.Parent?.Name.LocalName == "frameworkReferences" && (string?)g.Attribute("targetFramework") == PackedFeed.TargetFramework)
            .SelectMany(g => g.Elements().Select(r => (string?)r.Attribute("name")))
            .ToList();
        Assert.True(frameworkReferences.Contains("Microsoft.AspNetCore.App"), "No net10.0 frameworkReference to Microsoft.AspNetCore.App:" + Environment.NewLine + nuspec);
        Assert.True(
            !Elements(nuspec, "dependency").Any(d => ((string?)d.Attribute("id"))?.StartsWith("Microsoft.CodeAnalysis", StringComparison.OrdinalIgnoreCase) == true),
            "The runtime must not depend on Roslyn:" + Environment.NewLine + nuspec);
    }

    [Fact]
    public void The_consul_package_holds_the_library_and_its_docs_and_depends_on_the_runtime_of_its_version_only()
    {
        LogPacking();
        var nuspec = OpenLibraryPackage("Junction.Consul");

        // Plain HTTP to the agent, as its description promises: no Consul client package comes along.
        Assert.True(
            PackedFeed.Dependencies(nuspec).SequenceEqual([("Junction.Runtime", feed.Version)]),
            $"Junction.Consul should depend on Junction.Runtime {feed.Version} and nothing else:" + Environment.NewLine + nuspec);
    }

    [Fact]
    public void The_scripting_package_holds_the_library_and_its_docs_and_depends_on_the_runtime_and_on_roslyn_as_a_library()
    {
        LogPacking();
        var nuspec = OpenLibraryPackage("Junction.Scripting");

        // Rules are compiled at run time in the user's app: Roslyn must arrive as a dependency the app's output holds
        // (OpenLibraryPackage checked that nothing lands in analyzers/, where the user's compiler would load it instead).
        var dependencies = PackedFeed.Dependencies(nuspec);
        Assert.True(
            dependencies.Contains(("Junction.Runtime", feed.Version)) && dependencies.Any(d => d.Id == "Microsoft.CodeAnalysis.CSharp"),
            $"Junction.Scripting should depend on Junction.Runtime {feed.Version} and on Microsoft.CodeAnalysis.CSharp:" + Environment.NewLine + nuspec);
    }

    [Fact]
    public async Task A_console_app_that_references_the_two_packages_gets_its_contract_generated_and_calls_it()
    {
        LogPacking();
        using var consumer = ConsumerProject.Create(feed, WorkingProgram);

        await BuildAsync(consumer);

        // The analyzer package adds nothing to the app's output; the runtime is the only Junction assembly it needs.
        Assert.Equal(["Junction.Runtime.dll"], JunctionAssemblies(consumer));

        await RunAsync(consumer, ["service=it/PackageConsumer.ICalculator:1.0.0", "add=42", "repeat=hi hi hi"]);
    }

    [Fact]
    public async Task An_app_with_all_four_packages_routes_by_a_csharp_script_rule_and_finds_its_providers_through_consul()
    {
        LogPacking();
        using var consumer = ConsumerProject.Create(feed, ScriptingAndConsulProgram, ["Junction.Runtime", "Junction.Analyzers", "Junction.Scripting", "Junction.Consul"]);

        await BuildAsync(consumer);
        Assert.Equal(["Junction.Consul.dll", "Junction.Runtime.dll", "Junction.Scripting.dll"], JunctionAssemblies(consumer));

        await using var consul = await ConsulDouble.StartAsync();
        // Six round-robin calls per line over the two providers: one region only means the script rule chose (it was
        // compiled in the app's process by the Roslyn Junction.Scripting brought along); both once it is removed.
        await RunAsync(
            consumer,
            ["where(east) -> east", "where(west) -> west", "where(west) without the rule -> east,west"],
            consul.Url.ToString());

        // The app met its providers through Consul, not the process's default in-memory registry: both registered with
        // the agent, the consumer asked it for them, and stopping the providers took them out of it again.
        var requests = consul.Requests;
        var log = "Requests to Consul:" + Environment.NewLine + string.Join(Environment.NewLine, requests.Select(r => $"{r.Method} {r.PathAndQuery}"));
        Assert.True(requests.Count(r => r.Method == "PUT" && r.PathAndQuery.StartsWith("/v1/agent/service/register", StringComparison.Ordinal)) == 2, log);
        Assert.True(requests.Any(r => r.Method == "GET" && r.PathAndQuery.StartsWith("/v1/health/service/packageconsumer-igeo?", StringComparison.Ordinal)), log);
        Assert.True(consul.Services.Count == 0, "Still registered: " + string.Join(", ", consul.Services.Select(s => s.ID)) + Environment.NewLine + log);
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

    private const string ScriptingAndConsulProgram = """"
        using Junction;
        using Junction.Configuration;
        using Junction.Hosting;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Hosting;
        using Microsoft.Extensions.Logging;
        using PackageConsumer;

        // Two providers of IGeo, one per region, and a consumer: three hosts that each register or discover through the
        // Consul agent at args[0], as separate processes would, and call over tcp on 127.0.0.1. The consumer logs warnings
        // and errors to the console, so that a script rule that fails to compile shows in the output.
        var consul = new Uri(args[0]);
        using var east = await StartProviderAsync("east");
        using var west = await StartProviderAsync("west");

        // The providers' application's script rule (Dubbo's key): a call may only go to the region it names.
        var rules = new InMemoryConfigSource();
        rules.Set("geo-provider.script-router", """
            configVersion: v3.0
            key: geo-provider
            type: csharp
            script: |
              return Providers.Where(p => p.Metadata["region"] == (string)Argument(0));
            """);

        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddJunction(o =>
            {
                o.Application = "geo-consumer";
                o.Routing.ConfigSource = rules;   // before UseConsul, which would otherwise read rules from Consul's KV store
                o.UseScriptRouting();
                UseConsul(o);
            })
            // The first call waits for the first provider list, which calls get once its rules are in force; compiling the
            // script rule (Roslyn's first compilation in the process) takes about a second, Junction's default timeout.
            .AddRpcClient<IGeo>(c => { c.LoadBalance = "roundrobin"; c.TimeoutMs = 30_000; });
        using var consumer = builder.Build();
        await consumer.StartAsync();
        var geo = consumer.Services.GetRequiredService<IGeo>();

        Console.WriteLine($"where(east) -> {await RegionsAsync("east")}");
        Console.WriteLine($"where(west) -> {await RegionsAsync("west")}");
        rules.Remove("geo-provider.script-router");
        Console.WriteLine($"where(west) without the rule -> {await RegionsAsync("west")}");

        await consumer.StopAsync();
        await west.StopAsync();
        await east.StopAsync();

        // The regions of the providers that answered six calls, sorted.
        async Task<string> RegionsAsync(string region)
        {
            var regions = new SortedSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < 6; i++)
            {
                regions.Add(await geo.WhereAsync(region));
            }

            return string.Join(',', regions);
        }

        void UseConsul(JunctionOptions o)
        {
            o.UseConsul(c => c.Address = consul);
            // The registry cache file stays in the app's folder, deleted with it, rather than in the user's profile.
            o.RegistryCacheFolder = Path.Combine(AppContext.BaseDirectory, "registry-cache");
            // The consumer stops first: no one needs time to drop a stopping provider.
            o.UnregisterDelay = TimeSpan.Zero;
        }

        async Task<IHost> StartProviderAsync(string region)
        {
            var provider = Host.CreateApplicationBuilder();
            // Warnings reach the console, so the exact output fails on any (a first call's compilation once read as blocking).
            provider.Logging.SetMinimumLevel(LogLevel.Warning);
            provider.Services.AddSingleton(new Geo(region));
            provider.Services.AddJunction(o =>
                {
                    o.Application = "geo-provider";
                    o.Tcp.Port = 0;
                    UseConsul(o);
                })
                .AddRpcService<IGeo, Geo>(s => s.Metadata["region"] = region);
            var host = provider.Build();
            await host.StartAsync();
            return host;
        }

        namespace PackageConsumer
        {
            [RpcService(Version = "1.0.0", Protocol = "tcp")]
            public interface IGeo
            {
                ValueTask<string> WhereAsync(string region, CancellationToken cancellationToken = default);
            }

            /// <summary>Answers with its own region, whatever the call asks for.</summary>
            public sealed class Geo(string region) : IGeo
            {
                public ValueTask<string> WhereAsync(string wanted, CancellationToken cancellationToken = default) => ValueTask.FromResult(region);
            }
        }
        """";

    private const string BrokenProgram = """
        using Junction;

        Console.WriteLine("This program must not build.");

        [RpcService(Protocol = "inproc")]
        public interface IBrokenCalculator
        {
            int Add(int left, int right);
        }
        """;

    /// <summary>The package's entries, sorted, a listing of them for assertion messages (also logged), and its nuspec.</summary>
    private (List<string> Entries, string Listing, XDocument Nuspec) Open(string id)
    {
        using var package = ZipFile.OpenRead(feed.PackagePath(id));
        var entries = package.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal).ToList();
        var listing = "Entries:" + Environment.NewLine + string.Join(Environment.NewLine, entries);
        output.WriteLine(listing);
        return (entries, listing, PackedFeed.ReadNuspec(package));
    }

    /// <summary>
    /// Opens a library package and checks what every one of them must be: its assembly and XML docs for net10.0 and
    /// nothing else to reference, no analyzers (the generator ships in Junction.Analyzers only; a second copy would emit
    /// every contract twice), its id and the feed's version. Returns the nuspec.
    /// </summary>
    private XDocument OpenLibraryPackage(string id)
    {
        var (entries, listing, nuspec) = Open(id);
        string[] library = [$"lib/{PackedFeed.TargetFramework}/{id}.dll", $"lib/{PackedFeed.TargetFramework}/{id}.xml"];
        Assert.True(
            entries.Where(e => e.StartsWith("lib/", StringComparison.Ordinal) || e.StartsWith("ref/", StringComparison.Ordinal)).SequenceEqual(library),
            $"Expected exactly {string.Join(" and ", library)} to reference. {listing}");
        Assert.False(entries.Any(e => e.StartsWith("analyzers/", StringComparison.Ordinal)), "Expected no analyzers/. " + listing);
        Assert.Equal(id, Element(nuspec, "id")?.Value);
        Assert.Equal(feed.Version, Element(nuspec, "version")?.Value);
        return nuspec;
    }

    private static IEnumerable<XElement> Elements(XDocument document, string localName) =>
        document.Descendants().Where(e => e.Name.LocalName == localName);

    private static XElement? Element(XDocument document, string localName) => Elements(document, localName).FirstOrDefault();

    /// <summary>The Junction assemblies in the consumer's build output.</summary>
    private static List<string?> JunctionAssemblies(ConsumerProject consumer) =>
        Directory.GetFiles(consumer.OutputDirectory, "Junction.*.dll").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();

    private void LogPacking()
    {
        output.WriteLine($"Packages {feed.Version} in {feed.FeedDirectory}");
        foreach (var pack in feed.PackResults)
        {
            output.WriteLine($"`{pack.CommandLine}`: {pack.Elapsed.TotalSeconds:F1} s");
        }

        output.WriteLine("Third-party packages copied into the feed: " + string.Join(", ", feed.CopiedDependencies));
    }

    private void Log(ProcessResult result) => output.WriteLine(result.Describe());

    /// <summary>Builds the consumer; fails with the build's output unless it succeeded.</summary>
    private async Task BuildAsync(ConsumerProject consumer)
    {
        var build = await consumer.BuildAsync();
        Log(build);
        Assert.True(build.Succeeded, build.Describe());
    }

    /// <summary>Runs the built consumer with <paramref name="arguments"/>; fails unless it exits 0 having printed exactly <paramref name="expected"/>.</summary>
    private async Task RunAsync(ConsumerProject consumer, string[] expected, params string[] arguments)
    {
        var run = await consumer.RunAsync(arguments);
        Log(run);
        Assert.True(run.Succeeded, run.Describe());
        var lines = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.True(lines.SequenceEqual(expected), run.Describe());
    }
}
