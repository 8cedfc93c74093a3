using Junction.Filters.Limits;
using Junction.Generated.Junction_Runtime_Tests;
using Junction.Hosting;
using Junction.Registry;
using Junction.Runtime.Tests.Pipeline;
using Junction.Serialization;
using Microsoft.Extensions.DependencyInjection;

namespace Junction.Runtime.Tests.Filters;

/// <summary><see cref="ServiceOptions.Executes"/>: at most N calls of a method inside a provider at once, the rest refused.</summary>
public class LimitsExecutesTests
{
    [Fact]
    public async Task Fifty_concurrent_calls_under_executes_3_let_exactly_3_in_and_refuse_47()
    {
        var registry = new InMemoryRegistry();
        var probe = new GatedProbe();
        await using var provider = await StartProviderAsync(registry, probe, s => s.Executes = 3);
        await using var client = new TestClient<ILimitsProbe>(new JunctionClientOptions { Registry = registry, TimeoutMs = 30_000 });

        var calls = Enumerable.Range(0, 50).Select(_ => Task.Run(() => client.Proxy.WorkAsync(CancellationToken.None))).ToList();
        var refused = await Until.CompletedAsync(calls, 47);

        Assert.All(refused, call =>
        {
            var error = Assert.IsType<RpcException>(call.Exception?.InnerException);
            Assert.Equal(RpcStatusCode.ResourceExhausted, error.StatusCode);
            Assert.Contains(LimitsProbeDescriptor.Work.FullName, error.Message, StringComparison.Ordinal);
            Assert.Contains("3 call(s) of Work", error.Message, StringComparison.Ordinal);
            Assert.Contains("ServiceOptions.Executes", error.Message, StringComparison.Ordinal);
        });
        Assert.Equal(3, probe.Entered);
        Assert.Equal(3, probe.MaxInside);

        probe.Open();
        var admitted = calls.Except(refused).ToList();
        Assert.Equal(new[] { "work", "work", "work" }, await Task.WhenAll(admitted).WaitAsync(TimeSpan.FromSeconds(10)));

        // The slots came back: calls run again (the gate is open now, so each one finishes at once).
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal("work", await client.Proxy.WorkAsync(CancellationToken.None));
        }

        Assert.Equal(3, probe.MaxInside);
    }

    [Fact]
    public async Task A_method_limit_replaces_the_service_limit_for_that_method_only()
    {
        var registry = new InMemoryRegistry();
        var probe = new GatedProbe();
        await using var provider = await StartProviderAsync(registry, probe, s =>
        {
            s.Executes = 3;
            s.Methods["Other"] = new ServiceMethodOptions { Executes = 1 };
        });
        await using var client = new TestClient<ILimitsProbe>(new JunctionClientOptions { Registry = registry, TimeoutMs = 30_000 });

        var others = Enumerable.Range(0, 5).Select(_ => Task.Run(() => client.Proxy.OtherAsync())).ToList();
        var refusedOthers = await Until.CompletedAsync(others, 4);
        Assert.All(refusedOthers, call => Assert.Equal(RpcStatusCode.ResourceExhausted, Assert.IsType<RpcException>(call.Exception?.InnerException).StatusCode));

        // Work keeps the service's 3, counted apart from Other's.
        var works = Enumerable.Range(0, 5).Select(_ => Task.Run(() => client.Proxy.WorkAsync(CancellationToken.None))).ToList();
        var refusedWorks = await Until.CompletedAsync(works, 2);
        Assert.All(refusedWorks, call => Assert.Contains("3 call(s) of Work", call.Exception!.InnerException!.Message, StringComparison.Ordinal));
        Assert.Equal(4, probe.Entered);

        probe.Open();
        await Task.WhenAll(others.Except(refusedOthers).Concat(works.Except(refusedWorks))).WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_slot_comes_back_when_the_implementation_fails_or_the_chain_throws()
    {
        var context = LimitsFilterContexts.Provider(s => s.Executes = 1);
        var filter = ExecuteLimitFilter.Create(context)!;
        var call = new Invocation.Invocation(LimitsProbeDescriptor.Other, Empty.Instance);

        var failed = await filter.InvokeAsync(call, _ => new ValueTask<Invocation.RpcResult>(Invocation.RpcResult.FromException(new InvalidOperationException("boom"))));
        Assert.IsType<InvalidOperationException>(failed.Exception);
        var thrown = await filter.InvokeAsync(call, _ => throw new InvalidOperationException("sync boom"));
        Assert.IsType<InvalidOperationException>(thrown.Exception);
        var faultedLater = new TaskCompletionSource<Invocation.RpcResult>();
        var pending = filter.InvokeAsync(call, _ => new ValueTask<Invocation.RpcResult>(faultedLater.Task));
        Assert.Equal(1, filter.Running(LimitsProbeDescriptor.Other));
        faultedLater.SetException(new InvalidOperationException("async boom"));
        Assert.IsType<InvalidOperationException>((await pending).Exception);

        Assert.Equal(0, filter.Running(LimitsProbeDescriptor.Other));
        Assert.True((await filter.InvokeAsync(call, _ => new ValueTask<Invocation.RpcResult>(Invocation.RpcResult.FromValue("ok")))).IsSuccess);
    }

    [Fact]
    public void No_limit_anywhere_means_no_filter_and_a_method_set_to_0_is_not_limited()
    {
        Assert.Null(ExecuteLimitFilter.Create(LimitsFilterContexts.Provider(_ => { })));
        var filter = ExecuteLimitFilter.Create(LimitsFilterContexts.Provider(s =>
        {
            s.Executes = 1;
            s.Methods["OtherAsync"] = new ServiceMethodOptions { Executes = 0 };
        }))!;
        var held = new TaskCompletionSource<Invocation.RpcResult>();
        var call = new Invocation.Invocation(LimitsProbeDescriptor.Other, Empty.Instance);

        var pending = Enumerable.Range(0, 5).Select(_ => filter.InvokeAsync(call, _ => new ValueTask<Invocation.RpcResult>(held.Task))).ToList();

        Assert.All(pending, p => Assert.False(p.IsCompleted));
        held.SetResult(Invocation.RpcResult.FromValue("ok"));
    }

    internal static Task<TestHost> StartProviderAsync(InMemoryRegistry registry, GatedProbe probe, Action<ServiceOptions> configure)
        => TestHost.StartAsync(services =>
        {
            services.AddSingleton(probe);
            services.AddJunction(o => o.UseRegistry(registry)).AddRpcService<ILimitsProbe, GatedProbe>(configure);
        });
}
