using Junction.Contracts;
using System.Collections.Concurrent;
using System.Diagnostics;
using Junction.Hosting;
using Junction.Registry;
using Junction.Runtime.Tests.Pipeline;
using Microsoft.Extensions.DependencyInjection;

namespace Junction.Runtime.Tests.Filters;

/// <summary>The <c>Junction</c> activity source: client and server spans, W3C trace context across two hops.</summary>
[Collection(ObservabilityCollection.Name)]
public class ObservabilityTracingTests
{
    private static readonly ActivitySource TestSource = new("Junction.Tests.Observability");

    [Fact]
    public async Task One_trace_runs_from_the_consumer_through_provider_A_to_provider_B()
    {
        using var recorder = new ActivityRecorder();
        var registry = new InMemoryRegistry();
        await using var back = await StartBackAsync(registry);
        await using var front = await StartFrontAsync(registry);
        await using var client = new TestClient<IObservedFront>(new JunctionClientOptions { Registry = registry, TimeoutMs = 10_000 });

        string traceId;
        string rootSpanId;
        using (var root = TestSource.StartActivity("test"))
        {
            Assert.NotNull(root);
            traceId = root.TraceId.ToHexString();
            rootSpanId = root.SpanId.ToHexString();
            Assert.Equal("end:hi", await client.Proxy.RelayAsync("hi"));
        }

        var frontClient = recorder.Single(typeof(IObservedFront), ActivityKind.Client);
        var frontServer = recorder.Single(typeof(IObservedFront), ActivityKind.Server);
        var backClient = recorder.Single(typeof(IObservedBack), ActivityKind.Client);
        var backServer = recorder.Single(typeof(IObservedBack), ActivityKind.Server);

        Assert.All([frontClient, frontServer, backClient, backServer], a => Assert.Equal(traceId, a.TraceId.ToHexString()));
        Assert.Equal(rootSpanId, frontClient.ParentSpanId.ToHexString());
        Assert.Equal(frontClient.SpanId, frontServer.ParentSpanId);
        Assert.Equal(frontServer.SpanId, backClient.ParentSpanId);
        Assert.Equal(backClient.SpanId, backServer.ParentSpanId);

        // The servers' parents came from the traceparent attachment, not from the caller's async flow.
        Assert.True(frontServer.HasRemoteParent);
        Assert.True(backServer.HasRemoteParent);
        Assert.False(backClient.HasRemoteParent);

        Assert.Equal(typeof(IObservedFront).FullName + "/Relay", frontClient.DisplayName);
        Assert.Equal(typeof(IObservedBack).FullName + "/End", backServer.DisplayName);
        Assert.Equal("junction", backClient.GetTagItem("rpc.system"));
        Assert.Equal(typeof(IObservedBack).FullName, backClient.GetTagItem("rpc.service"));
        Assert.Equal("End", backClient.GetTagItem("rpc.method"));
        Assert.Equal(back.Address, backClient.GetTagItem("provider"));
        Assert.Equal("127.0.0.1", backClient.GetTagItem("server.address"));
        Assert.Equal(ActivityStatusCode.Unset, backServer.Status);
        Assert.Equal("OK", backServer.GetTagItem("rpc.junction.status_code"));
    }

    [Fact]
    public async Task A_failed_call_ends_its_spans_with_error_status_and_the_rpc_status_code()
    {
        using var recorder = new ActivityRecorder();
        var registry = new InMemoryRegistry();
        await using var back = await StartBackAsync(registry);
        // A first call on a new connection, on a busy machine, can outlast the default second: its deadline would then
        // end it before the provider's InvalidArgument arrives (seen under load).
        var options = new JunctionClientOptions { Registry = registry, TimeoutMs = 10_000 };
        await using var client = new TestClient<IObservedBack>(options);

        var error = await Assert.ThrowsAsync<RpcException>(() => client.Proxy.FailAsync("x"));

        Assert.Equal(RpcStatusCode.InvalidArgument, error.StatusCode);
        foreach (var kind in new[] { ActivityKind.Client, ActivityKind.Server })
        {
            var span = recorder.Single(typeof(IObservedBack), kind);
            Assert.Equal(ActivityStatusCode.Error, span.Status);
            Assert.Equal("InvalidArgument", span.StatusDescription);
            Assert.Equal("InvalidArgument", span.GetTagItem("rpc.junction.status_code"));
            Assert.Contains(span.Events, e => e.Name == "exception");
        }
    }

    private static async Task<Provider> StartBackAsync(InMemoryRegistry registry)
    {
        var host = await TestHost.StartAsync(services =>
        {
            services.AddSingleton(new Back());
            services.AddJunction(o =>
            {
                o.UseRegistry(registry);
                o.Tcp.Host = "127.0.0.1";
                o.Tcp.Port = 0;
            }).AddRpcService<IObservedBack, Back>();
        });
        var instance = Assert.Single(registry.GetInstances(ContractRegistry.Get<IObservedBack>().ServiceKey));
        return new Provider(host, instance.Address);
    }

    private static Task<TestHost> StartFrontAsync(InMemoryRegistry registry)
        => TestHost.StartAsync(services => services
            .AddJunction(o => o.UseRegistry(registry))
            .AddRpcService<IObservedFront, Front>()
            .AddRpcClient<IObservedBack>(r => r.TimeoutMs = 10_000));

    private sealed record Provider(TestHost Host, string Address) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Host.DisposeAsync();
    }

    private sealed class Front(IObservedBack back) : IObservedFront
    {
        public Task<string> RelayAsync(string text) => back.EndAsync(text);
    }

    private sealed class Back : IObservedBack
    {
        public Task<string> EndAsync(string text) => Task.FromResult("end:" + text);

        public Task<string> FailAsync(string text) => throw new RpcException(RpcStatusCode.InvalidArgument, "the probe refuses " + text);
    }

    /// <summary>Samples every activity of the <c>Junction</c> source and of this test's own source, and keeps the stopped ones.</summary>
    internal sealed class ActivityRecorder : IDisposable
    {
        private readonly ActivityListener _listener;
        private readonly ConcurrentQueue<Activity> _stopped = new();

        public ActivityRecorder()
        {
            _listener = new ActivityListener
            {
                ShouldListenTo = source => source.Name is "Junction" or "Junction.Tests.Observability",
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                ActivityStopped = _stopped.Enqueue,
            };
            ActivitySource.AddActivityListener(_listener);
        }

        /// <summary>The one stopped span of <paramref name="contract"/> of that kind (other tests' calls are of other contracts).</summary>
        public Activity Single(Type contract, ActivityKind kind)
            => Assert.Single(_stopped, a => a.Kind == kind && Equals(a.GetTagItem("rpc.service"), contract.FullName));

        public void Dispose() => _listener.Dispose();
    }
}
