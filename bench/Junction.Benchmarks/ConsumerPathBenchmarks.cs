using BenchmarkDotNet.Attributes;
using Junction.Hosting;
using Junction.Registry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Junction.Benchmarks;

/// <summary>
/// The whole consumer call path — generated proxy, consumer filters, cluster (failover), routers, load balancer
/// (random), provider invoker — over <c>inproc</c> to one of 10 providers, each its own host in this process. The
/// provider answers with the request message, so what is allocated per call beyond the message is the framework's.
/// </summary>
[MemoryDiagnoser]
public class ConsumerPathBenchmarks
{
    private const int Providers = 10;

    private readonly List<IHost> _hosts = [];
    private ISerializationBench _client = null!;
    private EchoMessage _message = null!;

    /// <summary>Starts the providers and connects the consumer.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var registry = new InMemoryRegistry();
        for (var i = 0; i < Providers; i++)
        {
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
            builder.Services.AddJunction(o =>
                {
                    o.Application = "bench-provider-" + i;
                    o.UseRegistry(registry);
                })
                .AddRpcService<ISerializationBench, EchoingBench>();
            var host = builder.Build();
            host.StartAsync().GetAwaiter().GetResult();
            _hosts.Add(host);
        }

        _client = JunctionClient.Create<ISerializationBench>(new JunctionClientOptions
        {
            Application = "bench-consumer",
            Registry = registry,
            Protocol = "inproc",
            Cluster = "failover",
            LoadBalance = "random",
            TimeoutMs = 5_000,
        });
        _message = new EchoMessage(new byte[100]);
    }

    /// <summary>Stops the consumer and the providers.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        ((IAsyncDisposable)_client).DisposeAsync().AsTask().GetAwaiter().GetResult();
        foreach (var host in _hosts)
        {
            host.StopAsync().GetAwaiter().GetResult();
            host.Dispose();
        }
    }

    /// <summary>One call, start to finish (the inproc provider completes it synchronously).</summary>
    [Benchmark]
    public ValueTask<EchoMessage> CallOverInProc() => _client.EchoAsync(_message);

    /// <summary>The provider: returns the request as the response, allocating nothing itself.</summary>
    private sealed class EchoingBench : ISerializationBench
    {
        public ValueTask<EchoMessage> EchoAsync(EchoMessage message) => ValueTask.FromResult(message);

        public ValueTask<RichMessage> RichAsync(RichMessage message) => ValueTask.FromResult(message);
    }
}
