using Junction.Cluster;
using Junction.Configuration;
using Junction.Invocation;
using Junction.LoadBalancing;
using Junction.Registry;
using Junction.Registry.Override;
using Junction.Routing;
using Junction.Runtime.Tests.Cluster;

namespace Junction.Runtime.Tests.Override;

/// <summary>
/// A consumer of <see cref="IClusterProbe"/> (application shop) over a real registry directory with overrides from an
/// in-memory config source, round robin, and providers the test registers; every invoker the directory refers is kept,
/// so a test can tell a kept invoker from a new one and see which were released.
/// </summary>
internal sealed class OverrideRig : IAsyncDisposable
{
    public static readonly string ServiceRuleKey = RoutingRules.ServiceKeyOf(ClusterKit.Service) + OverrideDocument.KeySuffix;

    private readonly ClusterInvoker _cluster;

    public OverrideRig(string loadBalance = "roundrobin")
    {
        var consumer = new RouteConsumer("shop", "192.168.1.7");
        Directory = new RegistryDirectory(
            ClusterKit.Service,
            Registry,
            "tcp",
            Refer,
            Logger,
            ProviderOverrides.Create(ClusterKit.Service, consumer, Source, Logger));
        _cluster = Clusters.Create(
            "failfast",
            Directory,
            RouterChain.Empty,
            LoadBalancers.Create(loadBalance),
            new ClusterSettings(),
            Clusters.ResolveRetries(ClusterKit.Service, 0, defaultRetries: 0),
            Logger);
        Client = ClusterKit.Client(_cluster);
    }

    public CountingRegistry Registry { get; } = new();

    public InMemoryConfigSource Source { get; } = new();

    public ListLogger Logger { get; } = new();

    public RegistryDirectory Directory { get; }

    public IClusterProbe Client { get; }

    /// <summary>Every invoker the directory referred, in order.</summary>
    public List<ReferredProvider> Referred { get; } = [];

    /// <summary>A provider named <paramref name="name"/> at 10.0.0.{n}:2000{n}, started long ago (no warm-up), with metadata.</summary>
    public static ServiceInstance Instance(int n, params (string Key, string Value)[] metadata)
    {
        var map = new Dictionary<string, string> { ["application"] = "orders", ["name"] = "p" + n };
        foreach (var (key, value) in metadata)
        {
            map[key] = value;
        }

        return new ServiceInstance(ClusterKit.Service.ServiceKey, "tcp", "10.0.0." + n, 20000 + n)
        {
            StartTime = DateTimeOffset.UtcNow.AddDays(-1),
            Metadata = map,
        };
    }

    public Task Register(ServiceInstance instance) => Registry.RegisterAsync(instance).AsTask();

    /// <summary>The service rule setting <paramref name="parameters"/> on the provider at <paramref name="address"/>.</summary>
    public static string RuleFor(string address, string parameters)
        => $$"""
            configVersion: v3.0
            scope: service
            key: {{ClusterKit.Service.ServiceKey}}
            configs:
              - side: consumer
                providerAddresses: ["{{address}}"]
                parameters: { {{parameters}} }
            """;

    /// <summary>The listed invoker of the provider named <paramref name="name"/>, or null when it is not listed.</summary>
    public IProviderInvoker? Listed(string name)
        => Array.Find(Directory.Providers.Invokers, i => i.Instance.Metadata["name"] == name);

    /// <summary>The provider under a listed invoker (the one the directory referred).</summary>
    public static ReferredProvider Under(IProviderInvoker listed)
        => (ReferredProvider)(listed is OverriddenProviderInvoker overridden ? overridden.Provider : listed);

    /// <summary>Who answered each of <paramref name="count"/> calls.</summary>
    public async Task<string[]> Answers(int count)
    {
        var answers = new string[count];
        for (var i = 0; i < count; i++)
        {
            answers[i] = await Client.ReadAsync(i).WaitAsync(ClusterKit.Patience);
        }

        return answers;
    }

    public async ValueTask DisposeAsync() => await _cluster.DisposeAsync();

    private ReferredProvider Refer(ServiceInstance instance)
    {
        var provider = new ReferredProvider(instance);
        lock (Referred)
        {
            Referred.Add(provider);
        }

        return provider;
    }
}

/// <summary>An invoker the directory referred: answers with its name, counts its calls, knows whether it was released.</summary>
internal sealed class ReferredProvider(ServiceInstance instance) : IProviderInvoker
{
    private readonly IInvoker _answer = new DispatcherInvoker(ClusterKit.Service, new ClusterProbeService(instance.Metadata["name"]));
    private int _calls;
    private int _released;

    public ServiceInstance Instance { get; } = instance;

    public string Name => Instance.Metadata["name"];

    public bool IsAvailable => true;

    public ProviderStats Stats { get; } = new(ClusterKit.Service.Methods.Count);

    public int Calls => Volatile.Read(ref _calls);

    public bool Released => Volatile.Read(ref _released) > 0;

    public ValueTask<RpcResult> InvokeAsync(Invocation.Invocation invocation)
    {
        Interlocked.Increment(ref _calls);
        return _answer.InvokeAsync(invocation);
    }

    public ValueTask DisposeAsync()
    {
        Interlocked.Increment(ref _released);
        return default;
    }

    public override string ToString() => Name;
}

/// <summary>An in-memory registry that counts the snapshots it pushes to subscribers.</summary>
internal sealed class CountingRegistry : IRegistry
{
    private readonly InMemoryRegistry _registry = new();
    private int _pushes;

    public int Pushes => Volatile.Read(ref _pushes);

    public ValueTask RegisterAsync(ServiceInstance instance, CancellationToken cancellationToken = default) => _registry.RegisterAsync(instance, cancellationToken);

    public ValueTask UnregisterAsync(ServiceInstance instance, CancellationToken cancellationToken = default) => _registry.UnregisterAsync(instance, cancellationToken);

    public IDisposable Subscribe(string serviceKey, Action<IReadOnlyList<ServiceInstance>> listener)
        => _registry.Subscribe(serviceKey, list =>
        {
            Interlocked.Increment(ref _pushes);
            listener(list);
        });
}
