using Junction.Cluster;

namespace Junction.Runtime.Tests.Cluster;

/// <summary>
/// A cluster made by the factory over fake providers p0, p1, …, on a manual clock, with its log and a typed client;
/// disposing it disposes the cluster.
/// </summary>
internal sealed class ClusterRig : IAsyncDisposable
{
    public ClusterRig(string cluster, ClusterSettings settings, params Fault[] faults)
    {
        Providers = ClusterKit.Providers(faults);
        Cluster = ClusterKit.Create(cluster, Providers, settings, logger: Logger, time: Time);
        Client = ClusterKit.Client(Cluster);
    }

    public FakeProvider[] Providers { get; }

    public ManualTimeProvider Time { get; } = new();

    public ListLogger Logger { get; } = new();

    public ClusterInvoker Cluster { get; }

    public IClusterProbe Client { get; }

    public ValueTask DisposeAsync() => Cluster.DisposeAsync();
}
