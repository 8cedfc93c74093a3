using Junction.Contracts;
using Junction.Filters;
using Junction.Filters.Observability;
using Junction.Hosting;
using Junction.Invocation;
using Junction.Registry;
using Junction.Serialization;
using Microsoft.Extensions.Logging.Abstractions;

namespace Junction.Runtime.Tests.Filters;

/// <summary>With no meter or activity listener, the observability filters (monitor on, the default) allocate nothing per call.</summary>
[Collection(ObservabilityCollection.Name)]
public class ObservabilityAllocationTests
{
    private static readonly ValueTask<RpcResult> Success = new(RpcResult.FromValue(Empty.Instance));
    private static readonly ValueTask<RpcResult> Failure = new(RpcResult.FromException(new RpcException(RpcStatusCode.Unavailable, "down")));

    [Fact]
    public void Client_and_server_filters_allocate_nothing_without_listeners()
    {
        var service = ContractRegistry.Get<IObservedProbe>();
        var application = new JunctionOptions();
        var server = ObservabilityFilter.CreateServer(new ProviderFilterContext(service, new ServiceOptions(), application, NullLoggerFactory.Instance, TimeProvider.System));
        var client = ObservabilityFilter.CreateClient(
            new ConsumerFilterContext(service, new ReferenceOptions(), application, NullLoggerFactory.Instance, TimeProvider.System),
            new ServiceInstance(service.ServiceKey, "tcp", "127.0.0.1", 20880));
        Assert.NotNull(server);
        Assert.NotNull(client);
        var ping = new Junction.Invocation.Invocation(service.FindMethod("Ping")!, Empty.Instance);
        InvokerDelegate succeed = static _ => Success;
        InvokerDelegate fail = static _ => Failure;

        Run(server, client, ping, succeed, fail, 2_000);   // warm: tiering, statics, the monitor's slots
        var before = GC.GetAllocatedBytesForCurrentThread();
        Run(server, client, ping, succeed, fail, 10_000);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.False(ping.HasAttachments);   // no trace context without a trace
    }

    private static void Run(IFilter server, IFilter client, Junction.Invocation.Invocation invocation, InvokerDelegate succeed, InvokerDelegate fail, int calls)
    {
        for (var i = 0; i < calls; i++)
        {
            var next = (i & 7) == 0 ? fail : succeed;
            var a = server.InvokeAsync(invocation, next);
            var b = client.InvokeAsync(invocation, next);
            if (!a.IsCompletedSuccessfully || !b.IsCompletedSuccessfully)
            {
                throw new InvalidOperationException("the filters completed a synchronous call asynchronously");
            }
        }
    }
}
