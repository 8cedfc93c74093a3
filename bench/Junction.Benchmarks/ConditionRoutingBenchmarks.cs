using BenchmarkDotNet.Attributes;
using Junction.Contracts;
using Junction.Generated.Junction_Benchmarks;
using Junction.Invocation;
using Junction.Registry;
using Junction.Routing;
using Junction.Routing.Condition;

namespace Junction.Benchmarks;

/// <summary>
/// Three condition rules in sequence over 100 providers, as the router chain runs them on every call. In
/// <see cref="ArgumentRules"/> each rule's when condition reads <c>arguments[0]</c>, so the chain cannot cache the result
/// and every call matches three when conditions (the then results are memoized per provider array by each router); the
/// key differs on every call. The baseline runs three rules whose when conditions read only the consumer: the floor a
/// rule costs when nothing of the call is read. Targets: ≤ 2 µs and no allocation per call.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class ConditionRoutingBenchmarks
{
    private const int KeyCount = 1024;
    private const int ProviderCount = 100;

    private static readonly string[] Regions = ["hangzhou", "beijing", "shanghai", "shenzhen"];

    private RuleRouter[] _argumentRules = null!;
    private RuleRouter[] _consumerRules = null!;
    private IProviderInvoker[] _providers = null!;
    private Invocation.Invocation[] _invocations = null!;
    private int _next;

    /// <summary>Builds the providers, the calls and the two rule sets, and routes once so every memo is filled.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var service = ContractRegistry.Get<ILoadBalancingBench>();
        var method = service.FindMethod("Find")!;
        _providers = new IProviderInvoker[ProviderCount];
        for (var i = 0; i < ProviderCount; i++)
        {
            var instance = new ServiceInstance(service.ServiceKey, "tcp", $"10.0.{i / 250}.{(i % 250) + 1}", 20880)
            {
                Metadata = new Dictionary<string, string>
                {
                    ["application"] = "order",
                    ["region"] = Regions[i % Regions.Length],
                    ["env"] = i % 5 == 0 ? "gray" : "prod",
                    ["version"] = i % 3 == 0 ? "1.0" : "2.1",
                },
            };
            _providers[i] = new BenchProvider(instance, service.Methods.Count);
        }

        _invocations = new Invocation.Invocation[KeyCount];
        for (var i = 0; i < KeyCount; i++)
        {
            _invocations[i] = new Invocation.Invocation(method, new LoadBalancingBench_FindRequest(1_000_000 + (i * 7919L)));
        }

        var consumer = new RouteConsumer("shop-web", "10.0.0.200", new Dictionary<string, string> { ["region"] = "hangzhou" });
        _argumentRules =
        [
            Router("arguments[0]=1000000~99999999 => region=hangzhou,beijing", consumer),
            Router("arguments[0]=1* & arguments[0]!=1000042 => env!=gray", consumer),
            Router("arguments[0]!=42,43,44 => version=2.*", consumer),
        ];
        _consumerRules =
        [
            Router("application=shop-web => region=hangzhou,beijing", consumer),
            Router("application=shop* & host!=10.0.0.1 => env!=gray", consumer),
            Router("region=hangzhou => version=2.*", consumer),
        ];
        if (Route(_argumentRules, _invocations[0]).Length == 0 || Route(_consumerRules, _invocations[0]).Length == 0)
        {
            throw new InvalidOperationException("The benchmark rules leave no provider; they would measure the wrong path.");
        }
    }

    /// <summary>Three rules whose when conditions read only the consumer.</summary>
    [Benchmark(Baseline = true)]
    public IProviderInvoker[] ConsumerRules() => Route(_consumerRules, NextCall());

    /// <summary>Three rules whose when conditions read the call's first argument.</summary>
    [Benchmark]
    public IProviderInvoker[] ArgumentRules() => Route(_argumentRules, NextCall());

    private static ConditionRouter Router(string rule, RouteConsumer consumer) => new(ConditionRule.Parse(rule), consumer, "bench");

    private Invocation.Invocation NextCall() => _invocations[_next = (_next + 1) & (KeyCount - 1)];

    private IProviderInvoker[] Route(RuleRouter[] routers, Invocation.Invocation invocation)
    {
        var result = _providers;
        foreach (var router in routers)
        {
            result = router.Route(result, invocation);
        }

        return result;
    }
}
