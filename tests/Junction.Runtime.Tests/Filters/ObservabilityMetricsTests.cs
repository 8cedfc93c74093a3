using Junction.Contracts;
using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Junction.Hosting;
using Junction.Registry;
using Junction.Runtime.Tests.Pipeline;
using Microsoft.Extensions.DependencyInjection;

namespace Junction.Runtime.Tests.Filters;

/// <summary>The <c>Junction</c> meter: instrument names and units, tags, counts of successes and failures, calls in flight.</summary>
[Collection(ObservabilityCollection.Name)]
public class ObservabilityMetricsTests
{
    private static readonly string Service = typeof(IObservedProbe).FullName!;

    [Fact]
    public async Task Client_and_server_record_durations_requests_and_errors_with_rpc_tags()
    {
        using var recorder = new MetricRecorder(Service);
        var registry = new InMemoryRegistry();
        await using var provider = await TestHost.StartProviderAsync<IObservedProbe, ObservedProbe>(registry, new ObservedProbe());
        await using var client = new TestClient<IObservedProbe>(new JunctionClientOptions { Registry = registry });
        var address = Assert.Single(registry.GetInstances(ContractRegistry.Get<IObservedProbe>().ServiceKey)).Address;

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal("hi", await client.Proxy.EchoAsync("hi"));
        }

        await Assert.ThrowsAsync<RpcException>(() => client.Proxy.FailAsync(0));

        Assert.Equal("ms", recorder.Units["rpc.client.duration"]);
        Assert.Equal("ms", recorder.Units["rpc.server.duration"]);
        foreach (var side in new[] { "client", "server" })
        {
            var durations = recorder.Get($"rpc.{side}.duration");
            Assert.Equal(4, durations.Count);
            Assert.All(durations, m =>
            {
                Assert.Equal("junction", m.Tags["rpc.system"]);
                Assert.Equal(Service, m.Tags["rpc.service"]);
                Assert.True(m.Value >= 0);
            });
            Assert.Equal(3, durations.Count(m => Equals(m.Tags["rpc.method"], "Echo") && Equals(m.Tags["rpc.junction.status_code"], "OK")));
            Assert.Single(durations, m => Equals(m.Tags["rpc.method"], "Fail") && Equals(m.Tags["rpc.junction.status_code"], "Unknown"));

            Assert.Equal(4, recorder.Get($"rpc.{side}.requests").Sum(m => m.Value));
            var error = Assert.Single(recorder.Get($"rpc.{side}.errors"));
            Assert.Equal(1, error.Value);
            Assert.Equal("Fail", error.Tags["rpc.method"]);
            Assert.Equal("Unknown", error.Tags["rpc.junction.status_code"]);
            Assert.Equal(0, recorder.Get($"rpc.{side}.active_requests").Sum(m => m.Value));
        }

        // The consumer's measurements name the provider called; the provider's do not (it is the provider).
        Assert.All(recorder.Get("rpc.client.duration"), m => Assert.Equal(address, m.Tags["provider"]));
        Assert.All(recorder.Get("rpc.server.duration"), m => Assert.False(m.Tags.ContainsKey("provider")));
    }

    [Fact]
    public async Task Active_requests_count_a_call_in_flight_and_return_to_zero()
    {
        using var recorder = new MetricRecorder(Service);
        var registry = new InMemoryRegistry();
        var probe = new ObservedProbe();
        await using var provider = await TestHost.StartProviderAsync<IObservedProbe, ObservedProbe>(registry, probe);
        await using var client = new TestClient<IObservedProbe>(new JunctionClientOptions { Registry = registry, TimeoutMs = 30_000 });

        var call = client.Proxy.HoldAsync();
        await probe.Held.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(1, recorder.Get("rpc.client.active_requests").Sum(m => m.Value));
        Assert.Equal(1, recorder.Get("rpc.server.active_requests").Sum(m => m.Value));
        Assert.Empty(recorder.Get("rpc.client.duration"));

        probe.Open();
        Assert.Equal("released", await call.WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.Equal(0, recorder.Get("rpc.client.active_requests").Sum(m => m.Value));
        Assert.Equal(0, recorder.Get("rpc.server.active_requests").Sum(m => m.Value));
        Assert.Single(recorder.Get("rpc.client.duration"));
    }

    [Fact]
    public async Task Metrics_off_records_nothing_on_that_side()
    {
        using var recorder = new MetricRecorder(Service);
        var registry = new InMemoryRegistry();
        await using var provider = await TestHost.StartAsync(services =>
        {
            services.AddSingleton(new ObservedProbe());
            services.AddJunction(o =>
            {
                o.UseRegistry(registry);
                o.Observability.Metrics = false;
            }).AddRpcService<IObservedProbe, ObservedProbe>();
        });
        await using var client = new TestClient<IObservedProbe>(new JunctionClientOptions { Registry = registry });

        await client.Proxy.EchoAsync("hi");

        Assert.Single(recorder.Get("rpc.client.duration"));
        Assert.Empty(recorder.Get("rpc.server.duration"));
        Assert.Empty(recorder.Get("rpc.server.requests"));
    }

    /// <summary>One measurement: its value and tags.</summary>
    internal sealed record Measurement(double Value, IReadOnlyDictionary<string, object?> Tags);

    /// <summary>Listens to the <c>Junction</c> meter and keeps the measurements of one service (other tests call others).</summary>
    internal sealed class MetricRecorder : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly ConcurrentQueue<(string Instrument, Measurement Measurement)> _measurements = new();

        public MetricRecorder(string service)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == "Junction")
                {
                    Units[instrument.Name] = instrument.Unit;
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Add(service, instrument, value, tags));
            _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Add(service, instrument, value, tags));
            _listener.Start();
        }

        public ConcurrentDictionary<string, string?> Units { get; } = new();

        public List<Measurement> Get(string instrument) => [.. _measurements.Where(m => m.Instrument == instrument).Select(m => m.Measurement)];

        public void Dispose() => _listener.Dispose();

        private void Add(string service, Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var copy = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var (key, tag) in tags)
            {
                copy[key] = tag;
            }

            if (Equals(copy.GetValueOrDefault("rpc.service"), service))
            {
                _measurements.Enqueue((instrument.Name, new Measurement(value, copy)));
            }
        }
    }
}
