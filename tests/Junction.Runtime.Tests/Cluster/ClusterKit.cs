using Junction.Cluster;
using Junction.Contracts;
using Junction.Invocation;
using Junction.LoadBalancing;
using Junction.Routing;

namespace Junction.Runtime.Tests.Cluster;

/// <summary>Builds clusters over fake providers and typed clients over clusters.</summary>
internal static class ClusterKit
{
    /// <summary>How long a test waits for something that should happen at once before it fails instead of hanging.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    public static ServiceDescriptor Service => ContractRegistry.Get<IClusterProbe>();

    public static MethodDescriptor Method(string name) => Service.FindMethod(name)!;

    /// <summary>Providers named p0, p1, … with the given faults.</summary>
    public static FakeProvider[] Providers(params Fault[] faults)
    {
        var providers = new FakeProvider[faults.Length];
        for (var i = 0; i < faults.Length; i++)
        {
            providers[i] = new FakeProvider("p" + i, faults[i]);
        }

        return providers;
    }

    /// <summary>
    /// A cluster over <paramref name="providers"/>, made by the factory as the runtime makes it; retries resolved as the
    /// runtime resolves them (default 2 for idempotent methods), <see cref="FirstLoadBalancer"/> unless told otherwise.
    /// </summary>
    public static ClusterInvoker Create(
        string cluster,
        IEnumerable<IProviderInvoker> providers,
        ClusterSettings? settings = null,
        ILoadBalancer? loadBalancer = null,
        ListLogger? logger = null,
        TimeProvider? time = null,
        int? retries = null)
        => Clusters.Create(
            cluster,
            new StaticDirectory(Service, providers),
            RouterChain.Empty,
            loadBalancer ?? new FirstLoadBalancer(),
            settings ?? new ClusterSettings(),
            Clusters.ResolveRetries(Service, retries, defaultRetries: 2),
            logger ?? new ListLogger(),
            time);

    /// <summary>The names of the providers called, in the order the calls arrived.</summary>
    public static string[] CallOrder(params FakeProvider[] providers)
        => [.. providers.SelectMany(p => p.Arrivals.Select(a => (Arrival: a, p.Name))).OrderBy(c => c.Arrival).Select(c => c.Name)];

    /// <summary>Waits until <paramref name="condition"/> holds, failing the test after <see cref="Patience"/>.</summary>
    public static async Task Eventually(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Gave up waiting until {what}.");
            await Task.Delay(5);
        }
    }

    /// <summary>The generated client over a cluster, as a user holds it.</summary>
    public static IClusterProbe Client(ClusterInvoker cluster) => (IClusterProbe)Service.CreateClient(cluster);
}
