namespace Junction.Runtime.Tests.Cluster;

/// <summary>Assertions on what a cluster's error tells a person.</summary>
internal static class ClusterAssert
{
    /// <summary>The error names the service, the method, every provider tried and the last error.</summary>
    public static void Names(Exception error, string method, IEnumerable<FakeProvider> tried, string lastError)
    {
        Assert.Contains(ClusterKit.Service.ServiceKey, error.Message, StringComparison.Ordinal);
        Assert.Contains($"method {method} ", error.Message, StringComparison.Ordinal);
        foreach (var provider in tried)
        {
            Assert.Contains(provider.Instance.ToString(), error.Message, StringComparison.Ordinal);
        }

        Assert.Contains("last error: " + lastError, error.Message, StringComparison.Ordinal);
    }
}
