using BenchmarkDotNet.Attributes;
using Junction.Contracts;
using Junction.Generated.Junction_Benchmarks;
using Junction.Invocation;
using Junction.Registry;
using Junction.Routing;
using Junction.Scripting;

namespace Junction.Benchmarks;

/// <summary>
/// One route through a compiled C# script rule (Junction.Scripting) over 10 providers, as the router chain makes it on
/// every call: the same provider array each time, a rule that keeps the providers in the consumer's region (half of
/// them). <c>HandWritten</c> is the same choice written as an <see cref="IRouter"/> in plain C# with a loop: the floor.
/// Target: ≤ 2 µs per route through the script.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class ScriptRoutingBenchmarks
{
    private const int Providers = 10;

    private const string Rule = """
        var region = Consumer.Parameters["region"];
        return Providers.Where(p => p.Metadata.TryGetValue("region", out var r) && r == region);
        """;

    private static readonly RouteConsumer Consumer = new("bench-consumer", "10.1.0.1", new Dictionary<string, string> { ["region"] = "east" });

    private IRouter _script = null!;
    private IRouter _handWritten = null!;
    private IProviderInvoker[] _providers = null!;
    private Invocation.Invocation _invocation = null!;

    /// <summary>Builds the providers and compiles the rule (off the measured path, as when a rule arrives).</summary>
    [GlobalSetup]
    public void Setup()
    {
        var service = ContractRegistry.Get<ILoadBalancingBench>();
        _providers = new IProviderInvoker[Providers];
        for (var i = 0; i < Providers; i++)
        {
            var instance = new ServiceInstance(service.ServiceKey, "inproc", "10.0.0." + (i + 1), 20880)
            {
                Metadata = new Dictionary<string, string> { ["region"] = i % 2 == 0 ? "east" : "west", ["application"] = "bench-provider" },
            };
            _providers[i] = new BenchProvider(instance, service.Methods.Count);
        }

        _invocation = new Invocation.Invocation(service.FindMethod("Find")!, new LoadBalancingBench_FindRequest(42));
        _script = new ScriptRouterFactory().Compile("bench.script-router", Rule, Consumer);
        _handWritten = new SameRegionRouter();
        if (_script.Route(_providers, _invocation).Length != Providers / 2 || _handWritten.Route(_providers, _invocation).Length != Providers / 2)
        {
            throw new InvalidOperationException("The rules do not choose the east half of the providers.");
        }
    }

    /// <summary>The same choice in plain C#.</summary>
    [Benchmark(Baseline = true)]
    public IProviderInvoker[] HandWritten() => _handWritten.Route(_providers, _invocation);

    /// <summary>The compiled script rule.</summary>
    [Benchmark]
    public IProviderInvoker[] Script() => _script.Route(_providers, _invocation);

    private sealed class SameRegionRouter : IRouter
    {
        public int Priority => 0;

        public IProviderInvoker[] Route(IProviderInvoker[] providers, Invocation.Invocation invocation)
        {
            var region = Consumer.Parameters["region"];
            var chosen = new List<IProviderInvoker>(providers.Length);
            foreach (var provider in providers)
            {
                if (provider.Instance.Metadata.TryGetValue("region", out var r) && r == region)
                {
                    chosen.Add(provider);
                }
            }

            return chosen.Count == providers.Length ? providers : [.. chosen];
        }
    }
}
