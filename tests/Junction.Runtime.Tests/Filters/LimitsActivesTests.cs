using Junction.Filters.Limits;
using Junction.Generated.Junction_Runtime_Tests;
using Junction.Hosting;
using Junction.Invocation;
using Junction.Registry;
using Junction.Runtime.Tests.Cluster;
using Junction.Runtime.Tests.Pipeline;
using Junction.Serialization;

namespace Junction.Runtime.Tests.Filters;

/// <summary><see cref="ReferenceOptions.Actives"/>: at most N calls in flight to one provider; the rest wait their turn.</summary>
public class LimitsActivesTests
{
    private static readonly ServiceInstance Provider = new(LimitsProbeDescriptor.Service.ServiceKey, "inproc", "inproc", 7);

    [Fact]
    public async Task Ten_concurrent_calls_under_actives_2_keep_2_in_flight_and_all_succeed_when_the_gate_opens()
    {
        var registry = new InMemoryRegistry();
        var probe = new GatedProbe();
        await using var provider = await LimitsExecutesTests.StartProviderAsync(registry, probe, _ => { });
        await using var client = new TestClient<ILimitsProbe>(new JunctionClientOptions { Registry = registry, TimeoutMs = 30_000, Actives = 2 });

        var calls = Enumerable.Range(0, 10).Select(_ => Task.Run(() => client.Proxy.WorkAsync(CancellationToken.None))).ToList();
        await Until.TrueAsync(() => probe.Entered == 2, "two calls are inside the implementation");

        // The other eight wait for a slot instead of failing.
        Assert.All(calls, call => Assert.False(call.IsCompleted));
        probe.Open();
        var answers = await Task.WhenAll(calls).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.All(answers, answer => Assert.Equal("work", answer));
        Assert.Equal(10, probe.Entered);
        Assert.Equal(2, probe.MaxInside);
    }

    [Fact]
    public async Task A_waiting_call_ends_when_its_caller_cancels_and_gives_no_slot_away()
    {
        var registry = new InMemoryRegistry();
        var probe = new GatedProbe();
        await using var provider = await LimitsExecutesTests.StartProviderAsync(registry, probe, _ => { });
        var options = new JunctionClientOptions { Registry = registry, TimeoutMs = 30_000 };
        options.Methods["Work"] = new MethodOptions { Actives = 1 };
        await using var client = new TestClient<ILimitsProbe>(options);

        var holder = client.Proxy.WorkAsync(CancellationToken.None);
        await Until.TrueAsync(() => probe.Entered == 1, "the first call is inside");
        using var cancel = new CancellationTokenSource();
        var waiter = client.Proxy.WorkAsync(cancel.Token);
        Assert.False(waiter.IsCompleted);

        cancel.Cancel();
        var error = await Assert.ThrowsAsync<RpcException>(() => waiter.WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.Equal(RpcStatusCode.Cancelled, error.StatusCode);
        Assert.Contains("while it waited for one of the 1 slot(s)", error.Message, StringComparison.Ordinal);
        probe.Open();
        Assert.Equal("work", await holder.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal("work", await client.Proxy.WorkAsync(CancellationToken.None));
        Assert.Equal(2, probe.Entered);
    }

    [Fact]
    public async Task A_waiting_call_fails_with_ResourceExhausted_after_its_timeout()
    {
        var filter = ActiveLimitFilter.Create(LimitsFilterContexts.Consumer(r => r.Actives = 2), Provider)!;
        var held = new TaskCompletionSource<RpcResult>();
        var hold = Call(TimeSpan.FromSeconds(30));
        _ = filter.InvokeAsync(hold, _ => new ValueTask<RpcResult>(held.Task));
        _ = filter.InvokeAsync(hold, _ => new ValueTask<RpcResult>(held.Task));

        var result = await filter.InvokeAsync(Call(TimeSpan.FromMilliseconds(50)), _ => throw new InvalidOperationException("must not run"));

        var error = Assert.IsType<RpcException>(result.Exception);
        Assert.Equal(RpcStatusCode.ResourceExhausted, error.StatusCode);
        Assert.Matches(@"waited \d+ ms for one of the 2 slot\(s\) to provider inproc://inproc:7", error.Message);
        Assert.Contains("ReferenceOptions.Actives", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, filter.SlotsOf(LimitsProbeDescriptor.Work)!.InFlight);
        held.SetResult(RpcResult.FromValue("ok"));
    }

    [Fact]
    public async Task Waiters_get_slots_in_the_order_they_came_and_a_timed_out_one_is_skipped()
    {
        var time = new ManualTimeProvider();
        var filter = ActiveLimitFilter.Create(LimitsFilterContexts.Consumer(r => r.Actives = 1, time), Provider)!;
        var order = new List<string>();
        var release = new TaskCompletionSource<RpcResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        InvokerDelegate Record(string name) => _ =>
        {
            lock (order)
            {
                order.Add(name);
            }

            return new ValueTask<RpcResult>(release.Task);
        };

        var first = filter.InvokeAsync(Call(TimeSpan.FromSeconds(30)), Record("first")).AsTask();
        var second = filter.InvokeAsync(Call(TimeSpan.FromSeconds(30)), Record("second")).AsTask();
        var impatient = filter.InvokeAsync(Call(TimeSpan.FromSeconds(1)), Record("impatient")).AsTask();
        var third = filter.InvokeAsync(Call(TimeSpan.FromSeconds(30)), Record("third")).AsTask();

        // Exactly its timeout: the clock reads the same whether the timeout's continuation runs inline or later.
        time.Advance(TimeSpan.FromSeconds(1));
        var timedOut = await impatient.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(RpcStatusCode.ResourceExhausted, Assert.IsType<RpcException>(timedOut.Exception).StatusCode);
        Assert.Contains("waited 1000 ms", timedOut.Exception!.Message, StringComparison.Ordinal);

        release.SetResult(RpcResult.FromValue("ok"));
        await Task.WhenAll(first, second, third).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(["first", "second", "third"], order);
        Assert.Equal(0, filter.SlotsOf(LimitsProbeDescriptor.Work)!.InFlight);
    }

    [Fact]
    public async Task Slots_are_per_method_and_a_method_limit_replaces_the_reference_limit()
    {
        var filter = ActiveLimitFilter.Create(
            LimitsFilterContexts.Consumer(r =>
            {
                r.Actives = 1;
                r.Methods["OtherAsync"] = new MethodOptions { Actives = 3 };
                r.Methods["Attachments"] = new MethodOptions { Actives = 0 };
            }),
            Provider)!;
        var held = new TaskCompletionSource<RpcResult>();

        var calls = new Contracts.MethodDescriptor[] { LimitsProbeDescriptor.Work, LimitsProbeDescriptor.Other, LimitsProbeDescriptor.Other, LimitsProbeDescriptor.Other }
            .Select(m => filter.InvokeAsync(new Invocation.Invocation(m, Empty.Instance) { Timeout = TimeSpan.FromSeconds(30) }, _ => new ValueTask<RpcResult>(held.Task)))
            .ToList();

        Assert.Equal(1, filter.SlotsOf(LimitsProbeDescriptor.Work)!.InFlight);
        Assert.Equal(3, filter.SlotsOf(LimitsProbeDescriptor.Other)!.InFlight);
        Assert.Null(filter.SlotsOf(LimitsProbeDescriptor.Attachments));
        held.SetResult(RpcResult.FromValue("ok"));
        foreach (var call in calls)
        {
            Assert.True((await call).IsSuccess);
        }
    }

    [Fact]
    public async Task A_call_without_a_timeout_waits_until_a_slot_frees_and_then_runs()
    {
        // Dubbo's wait(0) waits for ever and then fails even when woken; here it takes the freed slot.
        var time = new ManualTimeProvider();
        var filter = ActiveLimitFilter.Create(LimitsFilterContexts.Consumer(r => r.Actives = 1, time), Provider)!;
        var held = new TaskCompletionSource<RpcResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        var holder = filter.InvokeAsync(Call(TimeSpan.Zero), _ => new ValueTask<RpcResult>(held.Task)).AsTask();
        var waiter = filter.InvokeAsync(Call(TimeSpan.Zero), _ => new ValueTask<RpcResult>(RpcResult.FromValue("second"))).AsTask();

        time.Advance(TimeSpan.FromDays(1));
        Assert.False(waiter.IsCompleted);
        held.SetResult(RpcResult.FromValue("first"));

        Assert.Equal("second", (await waiter.WaitAsync(TimeSpan.FromSeconds(10))).Value);
        Assert.Equal("first", (await holder).Value);
    }

    private static Invocation.Invocation Call(TimeSpan timeout) => new(LimitsProbeDescriptor.Work, Empty.Instance) { Timeout = timeout };
}
