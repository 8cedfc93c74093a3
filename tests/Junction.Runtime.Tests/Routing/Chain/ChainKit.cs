using Junction.Invocation;
using Junction.Registry;
using Junction.Routing;
using Junction.Runtime.Tests.Cluster;

namespace Junction.Runtime.Tests.Routing.Chain;

/// <summary>Providers with metadata, calls with attachments, and routers that count how often they run.</summary>
internal static class ChainKit
{
    public static readonly RouteConsumer Consumer = new("web", "10.0.0.1");

    /// <summary>A provider at <c>10.0.0.{n}:20880</c> with the given metadata (<c>k=v</c> pairs).</summary>
    public static IProviderInvoker Provider(int n, params string[] metadata)
        => new MetadataProvider(new ServiceInstance(ClusterKit.Service.ServiceKey, "tcp", "10.0.0." + n, 20880)
        {
            Metadata = metadata.Select(m => m.Split('=', 2)).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal),
        });

    public static Invocation.Invocation Call(string method = "Read", params (string Key, string Value)[] attachments)
    {
        var descriptor = ClusterKit.Method(method);
        var invocation = new Invocation.Invocation(descriptor, descriptor.DeserializeRequest(ReadOnlySpan<byte>.Empty));
        foreach (var (key, value) in attachments)
        {
            invocation.Attachments[key] = value;
        }

        return invocation;
    }

    public static string Hosts(IProviderInvoker[] providers) => string.Join(",", providers.Select(p => p.Instance.Host[7..]));

    private sealed class MetadataProvider(ServiceInstance instance) : IProviderInvoker
    {
        public ServiceInstance Instance { get; } = instance;

        public bool IsAvailable => true;

        public ProviderStats Stats { get; } = new(ClusterKit.Service.Methods.Count);

        public ValueTask<RpcResult> InvokeAsync(Invocation.Invocation invocation) => throw new NotSupportedException("routing tests never call providers");

        public ValueTask DisposeAsync() => default;
    }
}

/// <summary>A rule router that keeps providers whose host ends in one of the given digits and counts its runs.</summary>
internal sealed class CountingRouter(RouteDependency dependency, params int[] keep) : RuleRouter
{
    private int _runs;

    public int Runs => _runs;

    public override RouteDependency Dependency => dependency;

    public override string Description => "counting router keeping " + string.Join(",", keep);

    public override IProviderInvoker[] Route(IProviderInvoker[] providers, Invocation.Invocation invocation)
    {
        Interlocked.Increment(ref _runs);
        return [.. providers.Where(p => keep.Contains(int.Parse(p.Instance.Host[7..], System.Globalization.CultureInfo.InvariantCulture)))];
    }
}
