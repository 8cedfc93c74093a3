using Junction.Contracts;
using Junction.Filters.Limits;
using Junction.Generated.Junction_Runtime_Tests;
using Junction.Hosting;
using Junction.Invocation;
using Junction.Registry;
using Junction.Runtime.Tests.Cluster;
using Junction.Runtime.Tests.Pipeline;
using Junction.Serialization;

namespace Junction.Runtime.Tests.Filters;

/// <summary>
/// <see cref="ServiceOptions.Tps"/>: a token bucket of Tps calls refilled continuously at Tps per TpsInterval, shared by
/// the service's methods unless a method has its own.
/// </summary>
public class LimitsTpsTests
{
    [Fact]
    public void A_full_bucket_passes_Tps_calls_then_refills_one_call_per_interval_over_Tps()
    {
        var time = new ManualTimeProvider();
        var filter = TpsLimitFilter.Create(LimitsFilterContexts.Provider(s => { s.Tps = 5; s.TpsInterval = TimeSpan.FromSeconds(10); }, time))!;

        Assert.Equal(5, Passed(filter, LimitsProbeDescriptor.Work, 20));

        // One token per 2 s: 1.9 s adds none, 2 s adds one.
        time.Advance(TimeSpan.FromSeconds(1.9));
        Assert.Equal(0, Passed(filter, LimitsProbeDescriptor.Work, 20));
        time.Advance(TimeSpan.FromSeconds(0.1));
        Assert.Equal(1, Passed(filter, LimitsProbeDescriptor.Work, 20));
        time.Advance(TimeSpan.FromSeconds(6));
        Assert.Equal(3, Passed(filter, LimitsProbeDescriptor.Work, 20));

        // An idle bucket holds at most Tps calls, however long it waited.
        time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(5, Passed(filter, LimitsProbeDescriptor.Work, 20));
    }

    [Fact]
    public void Every_window_of_the_interval_passes_exactly_Tps_calls_at_a_steady_demand()
    {
        var time = new ManualTimeProvider();
        var filter = TpsLimitFilter.Create(LimitsFilterContexts.Provider(s => { s.Tps = 3; s.TpsInterval = TimeSpan.FromSeconds(1); }, time))!;
        Assert.Equal(3, Passed(filter, LimitsProbeDescriptor.Work, 10));

        for (var window = 0; window < 5; window++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            Assert.Equal(3, Passed(filter, LimitsProbeDescriptor.Work, 10));
        }
    }

    [Fact]
    public void Methods_share_the_service_bucket_unless_they_set_their_own()
    {
        var time = new ManualTimeProvider();
        var filter = TpsLimitFilter.Create(LimitsFilterContexts.Provider(
            s =>
            {
                s.Tps = 4;
                s.Methods["Attachments"] = new ServiceMethodOptions { Tps = 2 };
            },
            time))!;

        Assert.Equal(3, Passed(filter, LimitsProbeDescriptor.Work, 3));
        Assert.Equal(1, Passed(filter, LimitsProbeDescriptor.Other, 10));
        Assert.Equal(0, Passed(filter, LimitsProbeDescriptor.Work, 10));
        Assert.Equal(2, Passed(filter, LimitsProbeDescriptor.Attachments, 10));
    }

    [Fact]
    public void A_method_rate_of_0_is_unlimited_and_a_method_rate_alone_limits_only_that_method()
    {
        var time = new ManualTimeProvider();
        var unlimitedMethod = TpsLimitFilter.Create(LimitsFilterContexts.Provider(s => { s.Tps = 1; s.Methods["Other"] = new ServiceMethodOptions { Tps = 0 }; }, time))!;
        Assert.Equal(100, Passed(unlimitedMethod, LimitsProbeDescriptor.Other, 100));
        Assert.Equal(1, Passed(unlimitedMethod, LimitsProbeDescriptor.Work, 100));

        var onlyOther = TpsLimitFilter.Create(LimitsFilterContexts.Provider(s => s.Methods["OtherAsync"] = new ServiceMethodOptions { Tps = 2 }, time))!;
        Assert.Equal(100, Passed(onlyOther, LimitsProbeDescriptor.Work, 100));
        Assert.Equal(2, Passed(onlyOther, LimitsProbeDescriptor.Other, 100));

        Assert.Null(TpsLimitFilter.Create(LimitsFilterContexts.Provider(_ => { }, time)));
    }

    [Fact]
    public void The_refusal_names_the_method_the_rate_the_window_and_the_settings()
    {
        var time = new ManualTimeProvider();
        var filter = TpsLimitFilter.Create(LimitsFilterContexts.Provider(s => { s.Tps = 1; s.TpsInterval = TimeSpan.FromSeconds(1.5); s.Methods["Other"] = new ServiceMethodOptions { Tps = 1 }; }, time))!;
        Passed(filter, LimitsProbeDescriptor.Work, 1);
        Passed(filter, LimitsProbeDescriptor.Other, 1);

        var shared = Refusal(filter, LimitsProbeDescriptor.Work);
        var own = Refusal(filter, LimitsProbeDescriptor.Other);

        Assert.Equal(RpcStatusCode.ResourceExhausted, shared.StatusCode);
        Assert.Contains($"{LimitsProbeDescriptor.Work.FullName} was refused: {LimitsProbeDescriptor.Service.ServiceKey} allows 1 call(s) per 1.5 s", shared.Message, StringComparison.Ordinal);
        Assert.Contains("shared by all its methods (ServiceOptions.Tps)", shared.Message, StringComparison.Ordinal);
        Assert.Contains("Other allows 1 call(s) per 1.5 s on this provider (Methods[\"Other\"].Tps)", own.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_exported_service_refuses_calls_over_its_rate_with_ResourceExhausted()
    {
        var registry = new InMemoryRegistry();
        var probe = new GatedProbe();
        probe.Open();
        await using var provider = await LimitsExecutesTests.StartProviderAsync(registry, probe, s => s.Tps = 3);
        await using var client = new TestClient<ILimitsProbe>(new JunctionClientOptions { Registry = registry });

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal("other", await client.Proxy.OtherAsync());
        }

        // One call per 20 s comes back: this test is done long before.
        var error = await Assert.ThrowsAsync<RpcException>(() => client.Proxy.WorkAsync(CancellationToken.None));
        Assert.Equal(RpcStatusCode.ResourceExhausted, error.StatusCode);
        Assert.Contains("allows 3 call(s) per 60 s", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, probe.Entered);
    }

    private static int Passed(TpsLimitFilter filter, MethodDescriptor method, int calls)
    {
        var passed = 0;
        for (var i = 0; i < calls; i++)
        {
            var result = filter.InvokeAsync(new Invocation.Invocation(method, Empty.Instance), LimitsFilterContexts.Ok);
            Assert.True(result.IsCompletedSuccessfully);
            passed += result.Result.IsSuccess ? 1 : 0;
        }

        return passed;
    }

    private static RpcException Refusal(TpsLimitFilter filter, MethodDescriptor method)
        => Assert.IsType<RpcException>(filter.InvokeAsync(new Invocation.Invocation(method, Empty.Instance), LimitsFilterContexts.Ok).Result.Exception);
}
