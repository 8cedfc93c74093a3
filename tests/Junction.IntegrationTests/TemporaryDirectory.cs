namespace Junction.IntegrationTests;

/// <summary>A fresh directory under the system temp folder, deleted with everything in it on dispose.</summary>
internal sealed class TemporaryDirectory : IDisposable
{
    private TemporaryDirectory(string path) => Path = path;

    /// <summary>The directory's full path.</summary>
    public string Path { get; }

    /// <summary>Creates <c>{temp}/{prefix}{random}</c>.</summary>
    public static TemporaryDirectory Create(string prefix) => new(Directory.CreateTempSubdirectory(prefix).FullName);

    /// <summary>Returns the path of <paramref name="relative"/> inside this directory, creating its parent folders.</summary>
    public string File(string relative)
    {
        var path = System.IO.Path.Combine(Path, relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        return path;
    }

    /// <summary>Returns the path of the subdirectory <paramref name="relative"/>, creating it.</summary>
    public string Subdirectory(string relative) => Directory.CreateDirectory(System.IO.Path.Combine(Path, relative)).FullName;

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
