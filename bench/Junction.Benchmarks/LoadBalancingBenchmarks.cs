using BenchmarkDotNet.Attributes;
using Junction.Contracts;
using Junction.Generated.Junction_Benchmarks;
using Junction.Invocation;
using Junction.LoadBalancing;
using Junction.Registry;

namespace Junction.Benchmarks;

/// <summary>
/// The cost of one pick (<see cref="ILoadBalancer.Select"/>) per balancer and number of providers, as the cluster makes
/// it on every call: the same provider array each time (directories and routers hand out cached arrays), providers past
/// their warm-up with unequal weights, some calls in flight, and a different key on every call. A background timer
/// finishes one call at every provider each second, as live traffic would, so recent averages and latencies stay
/// current. <c>uniform</c> is a registered balancer that picks uniformly at random: the floor to compare against.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class LoadBalancingBenchmarks
{
    private const int KeyCount = 1024;

    private ILoadBalancer _balancer = null!;
    private IProviderInvoker[] _providers = null!;
    private Invocation.Invocation[] _invocations = null!;
    private int _next;
    private Timer? _traffic;
    private MethodDescriptor _method = null!;

    static LoadBalancingBenchmarks() => LoadBalancers.Register("uniform", static () => new UniformLoadBalance());

    /// <summary>The balancer's configuration name.</summary>
    [Params("uniform", "random", "roundrobin", "leastactive", "consistenthash", "shortestresponse", "p2c")]
    public string Balancer { get; set; } = "random";

    /// <summary>How many providers it picks from.</summary>
    [Params(2, 10, 100, 1000)]
    public int Providers { get; set; }

    /// <summary>Builds the providers and their statistics, and makes the first picks that cache weights and rings.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var service = ContractRegistry.Get<ILoadBalancingBench>();
        var method = _method = service.FindMethod("Find")!;
        var started = DateTimeOffset.UtcNow - TimeSpan.FromHours(1);
        _providers = new IProviderInvoker[Providers];
        for (var i = 0; i < Providers; i++)
        {
            var instance = new ServiceInstance(service.ServiceKey, "inproc", $"10.0.{i / 250}.{(i % 250) + 1}", 20880)
            {
                Weight = 50 + (i % 4 * 50),
                StartTime = started,
            };
            var provider = new BenchProvider(instance, service.Methods.Count);
            for (var inFlight = 0; inFlight < i % 3; inFlight++)
            {
                provider.Stats.Begin(method);
            }

            _providers[i] = provider;
        }

        _invocations = new Invocation.Invocation[KeyCount];
        for (var i = 0; i < KeyCount; i++)
        {
            _invocations[i] = new Invocation.Invocation(method, new LoadBalancingBench_FindRequest(1_000_000 + (i * 7919L)));
        }

        FinishOneCallEach(null);
        _traffic = new Timer(FinishOneCallEach, null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        _balancer = LoadBalancers.Create(Balancer);
        for (var i = 0; i < 3; i++)
        {
            _balancer.Select(_providers, _invocations[i]);
        }
    }

    /// <summary>Stops the background traffic.</summary>
    [GlobalCleanup]
    public void Cleanup() => _traffic?.Dispose();

    /// <summary>One pick.</summary>
    [Benchmark]
    public IProviderInvoker Select()
    {
        var index = _next = (_next + 1) & (KeyCount - 1);
        return _balancer.Select(_providers, _invocations[index]);
    }

    private void FinishOneCallEach(object? state)
    {
        foreach (var provider in _providers)
        {
            provider.Stats.End(_method, provider.Stats.Begin(_method), succeeded: true);
        }
    }

    private sealed class UniformLoadBalance : ILoadBalancer
    {
        public IProviderInvoker Select(IProviderInvoker[] providers, Invocation.Invocation invocation) => providers[Random.Shared.Next(providers.Length)];
    }
}
