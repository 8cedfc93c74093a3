using System.Security;

namespace Junction.IntegrationTests;

/// <summary>
/// A throwaway console app in a temp folder that references Junction's packages (by default Junction.Runtime and
/// Junction.Analyzers) from a <see cref="PackedFeed"/> and nothing else, as a user's project would: a nuget.config whose only source is the feed, and
/// a private NUGET_PACKAGES folder, so no package flows into or out of the machine's cache. Deleted on dispose.
/// </summary>
internal sealed class ConsumerProject : IDisposable
{
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(1);

    private readonly TemporaryDirectory _root;
    private readonly Dictionary<string, string?> _environment;

    private ConsumerProject(TemporaryDirectory root, string projectDirectory, string packagesDirectory)
    {
        _root = root;
        ProjectDirectory = projectDirectory;
        _environment = new() { ["NUGET_PACKAGES"] = packagesDirectory };
    }

    /// <summary>The folder of Consumer.csproj.</summary>
    public string ProjectDirectory { get; }

    /// <summary>The packages a consumer references unless told otherwise: what the README's Quickstart installs.</summary>
    public static readonly IReadOnlyList<string> DefaultPackages = ["Junction.Runtime", "Junction.Analyzers"];

    /// <summary>
    /// Writes the project with <paramref name="program"/> as its only source file, referencing <paramref name="packages"/>
    /// (<see cref="DefaultPackages"/> when null) at the feed's version.
    /// </summary>
    public static ConsumerProject Create(PackedFeed feed, string program, IReadOnlyList<string>? packages = null)
    {
        var references = string.Join(
            Environment.NewLine + "    ",
            (packages ?? DefaultPackages).Select(id => $"<PackageReference Include=\"{id}\" Version=\"{feed.Version}\" />"));
        var root = TemporaryDirectory.Create("junction-it-consumer-");
        try
        {
            // Stop MSBuild's upward search for Directory.Build.* and Directory.Packages.props at this folder: whatever
            // sits above the temp folder on some machine must not shape the consumer.
            File.WriteAllText(root.File("Directory.Build.props"), "<Project />\n");
            File.WriteAllText(root.File("Directory.Build.targets"), "<Project />\n");
            File.WriteAllText(root.File("Directory.Packages.props"), "<Project />\n");
            // The same SDK selection as the repository that produced the packages.
            File.Copy(System.IO.Path.Combine(feed.RepositoryRoot, "global.json"), root.File("global.json"));

            File.WriteAllText(root.File("nuget.config"), $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <packageSources>
                    <clear />
                    <add key="junction-under-test" value="{SecurityElement.Escape(feed.FeedDirectory)}" />
                  </packageSources>
                </configuration>
                """);

            // What `dotnet new console` writes, plus the references. Warnings are errors so that a generator the
            // compiler skips (CS9057, CS8032) or an analyzer that throws (AD0001) fails the build instead of passing by.
            File.WriteAllText(root.File("consumer/Consumer.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <OutputType>Exe</OutputType>
                    <TargetFramework>{PackedFeed.TargetFramework}</TargetFramework>
                    <ImplicitUsings>enable</ImplicitUsings>
                    <Nullable>enable</Nullable>
                    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                  </PropertyGroup>
                  <ItemGroup>
                    {references}
                  </ItemGroup>
                </Project>
                """);
            File.WriteAllText(root.File("consumer/Program.cs"), program);

            return new ConsumerProject(root, root.Subdirectory("consumer"), root.Subdirectory("packages"));
        }
        catch
        {
            root.Dispose();
            throw;
        }
    }

    /// <summary><c>dotnet build</c> (restore included) of the consumer.</summary>
    public Task<ProcessResult> BuildAsync() =>
        DotnetCli.RunAsync(ProjectDirectory, ["build", "-nodeReuse:false", "--disable-build-servers", "-tl:off"], BuildTimeout, _environment);

    /// <summary>The folder <see cref="BuildAsync"/> builds the app into.</summary>
    public string OutputDirectory => System.IO.Path.Combine(ProjectDirectory, "bin", "Debug", PackedFeed.TargetFramework);

    /// <summary><c>dotnet run --no-build -- arguments…</c> of what <see cref="BuildAsync"/> built.</summary>
    public Task<ProcessResult> RunAsync(params string[] arguments) =>
        DotnetCli.RunAsync(ProjectDirectory, ["run", "--no-build", "--", .. arguments], RunTimeout, _environment);

    public void Dispose() => _root.Dispose();
}
