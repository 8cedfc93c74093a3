using Junction.Cluster;
using Junction.Contracts;
using Junction.Routing;

namespace Junction.Runtime.Tests.Cluster;

/// <summary>The factory: strategies by name, per method, and the retries each method gets.</summary>
public class ClustersTests
{
    [Fact]
    public void Every_strategy_has_a_name_and_failover_the_default_comes_first()
        => Assert.Equal(["failover", "failfast", "failsafe", "failback", "forking", "broadcast", "available"], Clusters.Names);

    [Theory]
    [InlineData("failover", typeof(FailoverClusterInvoker))]
    [InlineData("FailFast", typeof(FailfastClusterInvoker))]
    [InlineData("failsafe", typeof(FailsafeClusterInvoker))]
    [InlineData("failback", typeof(FailbackClusterInvoker))]
    [InlineData("forking", typeof(ForkingClusterInvoker))]
    [InlineData("BROADCAST", typeof(BroadcastClusterInvoker))]
    [InlineData("available", typeof(AvailableClusterInvoker))]
    public async Task A_name_in_any_case_creates_its_strategy(string name, Type type)
    {
        await using var cluster = ClusterKit.Create(name, []);

        Assert.IsType(type, cluster);
    }

    [Fact]
    public void An_unknown_name_fails_listing_the_names()
    {
        var error = Assert.Throws<ArgumentException>(() => ClusterKit.Create("failslow", []));

        Assert.Contains("'failslow'", error.Message, StringComparison.Ordinal);
        Assert.Contains(string.Join(", ", Clusters.Names), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Methods_with_their_own_strategy_behave_each_by_its_own()
    {
        var providers = ClusterKit.Providers(Fault.Unavailable, Fault.None);
        await using var cluster = CreatePerMethod(new CountingDirectory(providers), read: "failover", write: "failfast", rest: "failsafe");
        var client = ClusterKit.Client(cluster);

        Assert.Equal("p1", await client.ReadAsync(1));
        await Assert.ThrowsAsync<RpcException>(() => client.WriteAsync(2));
        Assert.Equal(0, await client.CountAsync(3));
    }

    [Fact]
    public async Task Disposing_a_per_method_cluster_disposes_every_strategy_and_the_shared_directory_once()
    {
        var providers = ClusterKit.Providers(Fault.Unavailable);
        var directory = new CountingDirectory(providers);
        var time = new ManualTimeProvider();
        var cluster = CreatePerMethod(directory, read: "failover", write: "failback", rest: "failfast", time);
        await ClusterKit.Client(cluster).WriteAsync(1);
        Assert.Equal(1, time.ArmedTimers);

        await cluster.DisposeAsync();

        Assert.Equal(1, directory.Disposals);
        Assert.Equal(0, time.ArmedTimers);
    }

    [Fact]
    public void Only_idempotent_methods_get_the_default_retries_unless_retries_are_set_explicitly()
    {
        var service = ClusterKit.Service;
        int Of(int[] retries, string method) => retries[service.FindMethod(method)!.Index];

        var resolved = Clusters.ResolveRetries(service, explicitRetries: null, defaultRetries: 2);
        Assert.Equal(2, Of(resolved, "Read"));
        Assert.Equal(0, Of(resolved, "Write"));

        var explicitly = Clusters.ResolveRetries(service, explicitRetries: 4, defaultRetries: 2);
        Assert.Equal(4, Of(explicitly, "Read"));
        Assert.Equal(4, Of(explicitly, "Write"));
    }

    private static ClusterInvoker CreatePerMethod(IDirectory directory, string read, string write, string rest, TimeProvider? time = null)
    {
        var names = ClusterKit.Service.Methods.Select(m => m.Name switch { "Read" => read, "Write" => write, _ => rest }).ToArray();
        return Clusters.Create(
            names,
            directory,
            RouterChain.Empty,
            new FirstLoadBalancer(),
            new ClusterSettings(),
            Clusters.ResolveRetries(ClusterKit.Service, null, 2),
            new ListLogger(),
            time);
    }

    /// <summary>A fixed directory that counts how often it is disposed.</summary>
    private sealed class CountingDirectory(FakeProvider[] providers) : IDirectory
    {
        public int Disposals { get; private set; }

        public ServiceDescriptor Service => ClusterKit.Service;

        public ProviderList Providers { get; } = new(providers, 1);

        public ValueTask DisposeAsync()
        {
            Disposals++;
            return default;
        }
    }
}
