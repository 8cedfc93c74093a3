using System.IO.Compression;
using System.Text.Json;
using System.Xml.Linq;

namespace Junction.IntegrationTests;

/// <summary>
/// Packs the four packages Junction ships from this repository's sources into a temporary folder feed, once per test
/// class, and copies in every third-party package they need, so that the feed alone can restore a user's project. The
/// version is a fresh prerelease (<c>0.1.0-it.r…</c>), so no package cache anywhere can hold a stale copy, and the build
/// goes to a private artifacts folder, so the repository's own bin/ and obj/ stay untouched.
/// </summary>
public sealed class PackedFeed : IAsyncLifetime
{
    /// <summary>The packages and the projects that make them.</summary>
    public static readonly IReadOnlyList<(string Id, string Project)> Packages =
    [
        ("Junction.Runtime", "src/Runtime/Junction.Runtime/Junction.Runtime.csproj"),
        ("Junction.Analyzers", "src/Analyzers/Junction.Analyzers.Package/Junction.Analyzers.Package.csproj"),
        ("Junction.Consul", "src/Runtime/Junction.Consul/Junction.Consul.csproj"),
        ("Junction.Scripting", "src/Runtime/Junction.Scripting/Junction.Scripting.csproj"),
    ];

    /// <summary>What the consumer projects target, and so which dependency group of a package they restore.</summary>
    public const string TargetFramework = "net10.0";

    private static readonly TimeSpan PackTimeout = TimeSpan.FromMinutes(4);

    private readonly TemporaryDirectory _root = TemporaryDirectory.Create("junction-it-feed-");

    /// <summary>The version every package was packed with.</summary>
    public string Version { get; } = "0.1.0-it.r" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>The folder that holds the packed .nupkg files and the third-party packages they depend on.</summary>
    public string FeedDirectory => System.IO.Path.Combine(_root.Path, "feed");

    /// <summary>The repository root (the folder that holds Toolkit.sln).</summary>
    public string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>The pack command and what it printed.</summary>
    public IReadOnlyList<ProcessResult> PackResults { get; private set; } = [];

    /// <summary>The third-party packages copied into the feed, as <c>{id} {version}</c>.</summary>
    public IReadOnlyList<string> CopiedDependencies { get; private set; } = [];

    /// <summary>The path of <c>{id}.{Version}.nupkg</c> in the feed.</summary>
    public string PackagePath(string id) => System.IO.Path.Combine(FeedDirectory, $"{id}.{Version}.nupkg");

    /// <summary>
    /// Packs all packages with one <c>dotnet pack</c> of a solution filter, so MSBuild builds them concurrently and
    /// Junction.Runtime, which three of them contain or depend on, once (separate pack processes would each build it,
    /// racing on its output); fails with the pack's output.
    /// </summary>
    public async Task InitializeAsync()
    {
        var artifacts = System.IO.Path.Combine(_root.Path, "artifacts");
        var filter = System.IO.Path.Combine(_root.Path, "packages.slnf");
        await File.WriteAllTextAsync(filter, JsonSerializer.Serialize(new
        {
            solution = new
            {
                path = System.IO.Path.Combine(RepositoryRoot, "Toolkit.sln"),
                projects = Packages.Select(p => p.Project.Replace('/', System.IO.Path.DirectorySeparatorChar)).ToArray(),
            },
        }));

        var result = await DotnetCli.RunAsync(
            RepositoryRoot,
            [
                "pack", filter,
                "-o", FeedDirectory,
                "--artifacts-path", artifacts,
                $"-p:Version={Version}",
                "-nodeReuse:false",
                "--disable-build-servers",
                "-tl:off",
            ],
            PackTimeout);
        PackResults = [result];
        if (!result.Succeeded)
        {
            throw new InvalidOperationException("Packing failed: " + result.Describe());
        }

        foreach (var (id, _) in Packages)
        {
            if (!File.Exists(PackagePath(id)))
            {
                throw new InvalidOperationException($"Packing made no {PackagePath(id)}: " + result.Describe());
            }
        }

        CopiedDependencies = await CopyDependenciesAsync();
    }

    /// <summary>The package's own <c>.nuspec</c>.</summary>
    internal static XDocument ReadNuspec(ZipArchive package)
    {
        var entry = package.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal) && !e.FullName.Contains('/'));
        using var stream = entry.Open();
        return XDocument.Load(stream);
    }

    /// <summary>
    /// The dependencies a <see cref="TargetFramework"/> project restores from a package, as <c>(id, lowest version)</c>:
    /// those of the nearest dependency group NuGet would pick (the highest .NETCoreApp version not above the target,
    /// else the highest .NETStandard, else the group without framework), or the flat list of an old nuspec without groups.
    /// </summary>
    internal static IReadOnlyList<(string Id, string Version)> Dependencies(XDocument nuspec)
    {
        var dependencies = nuspec.Descendants().FirstOrDefault(e => e.Name.LocalName == "dependencies");
        if (dependencies is null)
        {
            return [];
        }

        var groups = dependencies.Elements().Where(e => e.Name.LocalName == "group").ToList();
        var chosen = groups.Count == 0
            ? dependencies
            : groups
                .Select(g => (Group: g, Rank: FrameworkRank((string?)g.Attribute("targetFramework"))))
                .Where(g => g.Rank is not null)
                .OrderByDescending(g => g.Rank)
                .Select(g => g.Group)
                .FirstOrDefault();
        return chosen is null
            ? []
            : chosen.Elements()
                .Where(e => e.Name.LocalName == "dependency")
                .Select(e => ((string)e.Attribute("id")!, LowestVersion((string)e.Attribute("version")!)))
                .ToList();
    }

    /// <summary>
    /// A user gets the third-party packages from nuget.org; here they are copied into the feed from this machine's global
    /// packages folder, where restoring the repository put them: every package the Junction packages depend on, and what
    /// those depend on in turn, so that the feed stays the consumer's only source.
    /// </summary>
    private async Task<IReadOnlyList<string>> CopyDependenciesAsync()
    {
        var locals = await DotnetCli.RunAsync(RepositoryRoot, ["nuget", "locals", "global-packages", "--list"], PackTimeout);
        const string Prefix = "global-packages:";
        var line = locals.Output.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith(Prefix, StringComparison.Ordinal))
            ?? throw new InvalidOperationException("Could not find the global packages folder: " + locals.Describe());
        var globalPackages = line[Prefix.Length..].Trim();

        var pending = new Stack<(string Id, string Version, string Path)>();
        foreach (var (id, _) in Packages)
        {
            PushDependencies(pending, PackagePath(id), id);
        }

        var copied = new List<string>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        while (pending.TryPop(out var dependency))
        {
            var (id, version, path) = dependency;
            // Junction's own packages are in the feed already, at the version they were packed with.
            if (id.StartsWith("Junction.", StringComparison.OrdinalIgnoreCase) || !seen.Add(id + " " + version))
            {
                continue;
            }

            var name = id.ToLowerInvariant();
            var folder = version.ToLowerInvariant();
            var source = System.IO.Path.Combine(globalPackages, name, folder, $"{name}.{folder}.nupkg");
            if (!File.Exists(source))
            {
                // The SDK prunes a package the target framework already holds (System.Collections.Immutable for Roslyn),
                // so restoring never fetched it and the consumer's restore will not ask for it either.
                if (File.Exists(System.IO.Path.Combine(RuntimeDirectory, id + ".dll")))
                {
                    continue;
                }

                throw new InvalidOperationException($"{path} needs {id} {version}, which is not at {source}; restore Toolkit.sln first.");
            }

            var target = System.IO.Path.Combine(FeedDirectory, System.IO.Path.GetFileName(source));
            File.Copy(source, target);
            copied.Add(id + " " + version);
            PushDependencies(pending, target, $"{path} → {id} {version}");
        }

        return copied;
    }

    private static void PushDependencies(Stack<(string Id, string Version, string Path)> pending, string nupkg, string path)
    {
        using var package = ZipFile.OpenRead(nupkg);
        foreach (var (id, version) in Dependencies(ReadNuspec(package)))
        {
            pending.Push((id, version, path));
        }
    }

    /// <summary>
    /// How near a dependency group's framework is to <see cref="TargetFramework"/> (higher is nearer), or null when a
    /// net10.0 project cannot use it (.NET Framework, a later .NET, an OS-specific one).
    /// </summary>
    private static (int Family, Version Version)? FrameworkRank(string? framework)
    {
        if (string.IsNullOrEmpty(framework))
        {
            return (0, new Version(0, 0));
        }

        var target = System.Version.Parse(TargetFramework["net".Length..]);
        // Long names (.NETCoreApp3.1) and short ones (netcoreapp3.1, net8.0); "net" with a dotless number is .NET Framework.
        (string Prefix, int Family, Version Highest)[] families =
        [
            (".netcoreapp", 2, target), ("netcoreapp", 2, target), (".netstandard", 1, new Version(2, 1)),
            ("netstandard", 1, new Version(2, 1)), ("net", 2, target),
        ];
        var name = framework.ToLowerInvariant();
        foreach (var (prefix, family, highest) in families)
        {
            if (name.StartsWith(prefix, StringComparison.Ordinal))
            {
                var number = name[prefix.Length..];
                return number.Contains('.') && System.Version.TryParse(number, out var version) && version <= highest
                    ? (family, version)
                    : null;
            }
        }

        return null;
    }

    /// <summary>
    /// The version NuGet restores for a range when the source has it (its lower bound), written as the global packages
    /// folder names it: <c>[4.14.0, 4.14.0]</c> and <c>4.14</c> are <c>4.14.0</c>.
    /// </summary>
    private static string LowestVersion(string range)
    {
        var lower = range.Trim().TrimStart('[', '(').Split(',')[0].Trim().TrimEnd(']', ')');
        var release = lower.Split('+')[0];
        var dash = release.IndexOf('-', StringComparison.Ordinal);
        var prerelease = dash < 0 ? "" : release[dash..];
        var numbers = (dash < 0 ? release : release[..dash]).Split('.').ToList();
        while (numbers.Count < 3)
        {
            numbers.Add("0");
        }

        if (numbers.Count == 4 && numbers[3] == "0")
        {
            numbers.RemoveAt(3);
        }

        return string.Join('.', numbers) + prerelease;
    }

    public Task DisposeAsync()
    {
        _root.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>The shared framework this test runs on, the one the consumer projects target.</summary>
    private static string RuntimeDirectory => System.IO.Path.GetDirectoryName(typeof(object).Assembly.Location)!;

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
