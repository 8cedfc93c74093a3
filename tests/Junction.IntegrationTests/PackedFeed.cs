using System.IO.Compression;
using System.Xml.Linq;

namespace Junction.IntegrationTests;

/// <summary>
/// Packs Junction.Runtime and Junction.Analyzers from this repository's sources into a temporary folder feed, once per
/// test class. The version is a fresh prerelease (<c>0.1.0-it.r…</c>), so no package cache anywhere can hold a stale
/// copy, and the build goes to a private artifacts folder, so the repository's own bin/ and obj/ stay untouched.
/// </summary>
public sealed class PackedFeed : IAsyncLifetime
{
    private static readonly TimeSpan PackTimeout = TimeSpan.FromMinutes(4);

    private readonly TemporaryDirectory _root = TemporaryDirectory.Create("junction-it-feed-");

    /// <summary>The version both packages were packed with.</summary>
    public string Version { get; } = "0.1.0-it.r" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>The folder that holds the two .nupkg files and the third-party packages Junction.Runtime depends on.</summary>
    public string FeedDirectory => System.IO.Path.Combine(_root.Path, "feed");

    /// <summary>The repository root (the folder that holds Toolkit.sln).</summary>
    public string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>The two pack commands and what they printed.</summary>
    public IReadOnlyList<ProcessResult> PackResults { get; private set; } = [];

    /// <summary>The path of <c>{id}.{Version}.nupkg</c> in the feed.</summary>
    public string PackagePath(string id) => System.IO.Path.Combine(FeedDirectory, $"{id}.{Version}.nupkg");

    /// <summary>Packs both packages (concurrently: they share no project); fails with every pack's output.</summary>
    public async Task InitializeAsync()
    {
        var artifacts = System.IO.Path.Combine(_root.Path, "artifacts");
        var results = await Task.WhenAll(
            PackAsync("src/Analyzers/Junction.Analyzers.Package/Junction.Analyzers.Package.csproj", artifacts),
            PackAsync("src/Runtime/Junction.Runtime/Junction.Runtime.csproj", artifacts));
        PackResults = results;

        foreach (var result in results)
        {
            if (!result.Succeeded)
            {
                throw new InvalidOperationException("Packing failed: " + result.Describe());
            }
        }

        await CopyDependenciesAsync();
    }

    /// <summary>The package's own <c>.nuspec</c>.</summary>
    internal static XDocument ReadNuspec(ZipArchive package)
    {
        var entry = package.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal) && !e.FullName.Contains('/'));
        using var stream = entry.Open();
        return XDocument.Load(stream);
    }

    /// <summary>
    /// A user gets the third-party packages Junction.Runtime depends on (Polly.Core) from nuget.org; here they are copied
    /// into the feed from this machine's global packages folder, where restoring the repository put them, so that the
    /// feed stays the consumer's only source.
    /// </summary>
    private async Task CopyDependenciesAsync()
    {
        List<(string Id, string Version)> dependencies;
        using (var package = ZipFile.OpenRead(PackagePath("Junction.Runtime")))
        {
            dependencies = ReadNuspec(package).Descendants()
                .Where(e => e.Name.LocalName == "dependency")
                .Select(e => ((string)e.Attribute("id")!, ((string)e.Attribute("version")!).Trim('[', ']', '(', ')').Split(',')[0].Trim()))
                .Distinct()
                .ToList();
        }

        var locals = await DotnetCli.RunAsync(RepositoryRoot, ["nuget", "locals", "global-packages", "--list"], PackTimeout);
        const string Prefix = "global-packages:";
        var line = locals.Output.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith(Prefix, StringComparison.Ordinal))
            ?? throw new InvalidOperationException("Could not find the global packages folder: " + locals.Describe());
        var globalPackages = line[Prefix.Length..].Trim();

        foreach (var (id, version) in dependencies)
        {
            var name = id.ToLowerInvariant();
            var source = System.IO.Path.Combine(globalPackages, name, version.ToLowerInvariant(), $"{name}.{version.ToLowerInvariant()}.nupkg");
            if (!File.Exists(source))
            {
                throw new InvalidOperationException($"Junction.Runtime depends on {id} {version}, which is not at {source}; restore Toolkit.sln first.");
            }

            File.Copy(source, System.IO.Path.Combine(FeedDirectory, System.IO.Path.GetFileName(source)));
        }
    }

    public Task DisposeAsync()
    {
        _root.Dispose();
        return Task.CompletedTask;
    }

    private Task<ProcessResult> PackAsync(string project, string artifacts) =>
        DotnetCli.RunAsync(
            RepositoryRoot,
            [
                "pack", project,
                "-o", FeedDirectory,
                "--artifacts-path", artifacts,
                $"-p:Version={Version}",
                "-nodeReuse:false",
                "--disable-build-servers",
                "-tl:off",
            ],
            PackTimeout);

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "Toolkit.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No folder above {AppContext.BaseDirectory} contains Toolkit.sln.");
    }
}
