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

    /// <summary>The folder that holds the two .nupkg files.</summary>
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
