using Junction.Registry;
using Junction.Runtime.Tests.Cluster;
using Microsoft.Extensions.Logging;

namespace Junction.Runtime.Tests.Registry;

/// <summary>A folder of its own for one test's cache files, deleted afterwards.</summary>
internal sealed class TempFolder : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "junction-registry-" + Guid.NewGuid().ToString("N"));

    public string[] Files => Directory.Exists(Path) ? Directory.GetFiles(Path) : [];

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}

/// <summary>Hands one <see cref="ListLogger"/> to every category.</summary>
internal sealed class ListLoggerProvider(ListLogger logger) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => logger;

    public void Dispose()
    {
    }
}

internal static class RegistryTestSupport
{
    /// <summary>Only turns a hang into a failure.</summary>
    public static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(20);

    public const string Key = "test/Demo.IOrders:1.0";

    public static ServiceInstance Instance(int port, string key = Key) => new(key, "tcp", "10.0.0." + port, 20000 + port)
    {
        Weight = 100 + port,
        StartTime = new DateTimeOffset(2025, 6, 1, 12, 30, 45, TimeSpan.FromHours(2)).AddTicks(1234567 + port),
        Metadata = new Dictionary<string, string> { ["application"] = "orders", ["token"] = "t-" + port, ["ünïcode"] = "\"quoted\" \\ / ✓" },
        Tags = ["blue", "zone-" + port],
    };

    public static void AssertSame(ServiceInstance expected, ServiceInstance actual)
    {
        Assert.Equal(expected.ServiceKey, actual.ServiceKey);
        Assert.Equal(expected.Protocol, actual.Protocol);
        Assert.Equal(expected.Host, actual.Host);
        Assert.Equal(expected.Port, actual.Port);
        Assert.Equal(expected.Weight, actual.Weight);
        Assert.Equal(expected.StartTime, actual.StartTime);
        Assert.Equal(expected.StartTime.Offset, actual.StartTime.Offset);
        Assert.Equal(expected.Metadata.OrderBy(p => p.Key), actual.Metadata.OrderBy(p => p.Key));
        Assert.Equal(expected.Tags, actual.Tags);
    }

    /// <summary>Polls <paramref name="condition"/> until it holds or the hang guard passes.</summary>
    public static async Task Until(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + HangGuard;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail("Timed out waiting until " + what);
            }

            await Task.Delay(1);
        }
    }
}
