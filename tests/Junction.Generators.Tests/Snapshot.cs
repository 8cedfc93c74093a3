using System.Runtime.CompilerServices;

namespace Junction.Generators.Tests;

/// <summary>
/// Compares text with a checked-in <c>.verified.cs</c> file next to the test. On a difference it writes a
/// <c>.received.cs</c> file to diff against; <c>UPDATE_SNAPSHOTS=1</c> accepts the new text instead.
/// </summary>
internal static class Snapshot
{
    public static bool Updating => Environment.GetEnvironmentVariable("UPDATE_SNAPSHOTS") == "1";

    public static string Directory([CallerFilePath] string caller = "") => Path.Combine(Path.GetDirectoryName(caller)!, "Snapshots");

    public static void Match(string name, string actual, [CallerFilePath] string caller = "")
    {
        var directory = Directory(caller);
        var verified = Path.Combine(directory, name + ".verified.cs");
        var received = Path.Combine(directory, name + ".received.cs");
        actual = Normalize(actual);

        if (Updating)
        {
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(verified)!);
            File.WriteAllText(verified, actual);
            File.Delete(received);
            return;
        }

        var expected = File.Exists(verified) ? Normalize(File.ReadAllText(verified)) : null;
        if (expected == actual)
        {
            File.Delete(received);
            return;
        }

        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(received)!);
        File.WriteAllText(received, actual);
        var detail = expected is null ? "no verified snapshot exists" : FirstDifference(expected, actual);
        Assert.Fail($"Snapshot {name} differs ({detail}). Compare {received} with {verified}; run with UPDATE_SNAPSHOTS=1 to accept.");
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n").TrimStart('\uFEFF').TrimEnd() + "\n";

    private static string FirstDifference(string expected, string actual)
    {
        var e = expected.Split('\n');
        var a = actual.Split('\n');
        for (var i = 0; i < Math.Max(e.Length, a.Length); i++)
        {
            var left = i < e.Length ? e[i] : "<end>";
            var right = i < a.Length ? a[i] : "<end>";
            if (left != right)
            {
                return $"line {i + 1}: expected `{left.Trim()}`, got `{right.Trim()}`";
            }
        }

        return "same lines";
    }
}
