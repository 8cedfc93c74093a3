using BenchmarkDotNet.Attributes;
using Junction.Hosting;
using Junction.Registry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Junction.Benchmarks;

/// <summary>
/// What the default filter chains cost: one call over <c>inproc</c> from a consumer to one provider, with the default
/// settings (observability on: metrics, tracing, monitor, with no listener attached, as in an application that has not
/// wired OpenTelemetry) against the same call with every built-in filter off. Target: the default consumer and provider
/// chains together add ≤ 200 ns and no allocation per call.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class FilterChainBenchmarks
{
    private readonly List<IHost> _hosts = [];
    private ISerializationBench _client = null!;
    private EchoMessage _message = null!;

    /// <summary>True: default settings; false: every built-in filter off.</summary>
    [Params(false, true)]
    public bool DefaultFilters { get; set; }

    /// <summary>Starts the provider and the consumer.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var registry = new InMemoryRegistry();
        var provider = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        provider.Services.AddJunction(o => Configure(o, "bench-provider", registry)).AddRpcService<ISerializationBench, EchoingBench>();
        var consumer = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        consumer.Services.AddJunction(o => Configure(o, "bench-consumer", registry))
            .AddRpcClient<ISerializationBench>(c =>
            {
                c.Protocol = "inproc";
                c.TimeoutMs = 5_000;
            });
        foreach (var builder in new[] { provider, consumer })
        {
            var host = builder.Build();
            host.StartAsync().GetAwaiter().GetResult();
            _hosts.Add(host);
        }

        _client = _hosts[1].Services.GetRequiredService<ISerializationBench>();
        _message = new EchoMessage(new byte[100]);
    }

    /// <summary>Stops both hosts.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var host in _hosts)
        {
            host.StopAsync().GetAwaiter().GetResult();
            host.Dispose();
        }
    }

    /// <summary>One call, start to finish (the inproc provider completes it synchronously).</summary>
    [Benchmark]
    public ValueTask<EchoMessage> Call() => _client.EchoAsync(_message);

    private void Configure(JunctionOptions options, string application, InMemoryRegistry registry)
    {
        options.Application = application;
        options.UseRegistry(registry);
        if (!DefaultFilters)
        {
            options.Observability.Metrics = false;
            options.Observability.Tracing = false;
            options.Observability.Monitor = false;
        }
    }

    private sealed class EchoingBench : ISerializationBench
    {
        public ValueTask<EchoMessage> EchoAsync(EchoMessage message) => ValueTask.FromResult(message);

        public ValueTask<RichMessage> RichAsync(RichMessage message) => ValueTask.FromResult(message);
    }
}
