using Junction.Filters;
using Junction.Filters.Limits;
using Junction.Filters.Token;
using Junction.Generated.Junction_Runtime_Tests;
using Junction.Invocation;
using Junction.Registry;
using Junction.Runtime.Tests.Cluster;
using Junction.Serialization;

namespace Junction.Runtime.Tests.Filters;

/// <summary>
/// A call the limit and token filters let through allocates nothing in them: counted with the thread's allocation
/// counter around a warm loop of calls whose rest of the chain completes at once.
/// </summary>
public class LimitsAllocationTests
{
    [Fact]
    public void Executes_allocates_nothing_on_a_call_under_the_limit()
        => AssertPassesWithoutAllocating(ExecuteLimitFilter.Create(LimitsFilterContexts.Provider(s => s.Executes = 3))!, Call());

    [Fact]
    public void Actives_allocates_nothing_when_a_slot_is_free()
        => AssertPassesWithoutAllocating(ActiveLimitFilter.Create(LimitsFilterContexts.Consumer(r => r.Actives = 3), Provider())!, Call());

    [Fact]
    public void Tps_allocates_nothing_while_the_bucket_has_tokens()
    {
        var time = new ManualTimeProvider();
        AssertPassesWithoutAllocating(TpsLimitFilter.Create(LimitsFilterContexts.Provider(s => s.Tps = 1_000_000, time))!, Call());
    }

    [Fact]
    public void The_provider_token_check_allocates_nothing_on_a_call_with_the_right_token()
    {
        var filter = ProviderTokenFilter.Create(LimitsFilterContexts.Provider(s => s.Token = "true"))!;
        var call = Call();
        AssertPassesWithoutAllocating(filter, call, () => call.Attachments["token"] = filter.Token);
    }

    [Fact]
    public void Sending_the_token_allocates_nothing_once_the_call_has_attachments()
    {
        var provider = Provider() with { Metadata = new Dictionary<string, string> { ["token"] = "abc" } };
        var call = Call();
        call.Attachments["tenant"] = "acme";
        AssertPassesWithoutAllocating(ConsumerTokenFilter.Create(provider)!, call);
    }

    private static void AssertPassesWithoutAllocating(IFilter filter, Invocation.Invocation call, Action? beforeEach = null)
    {
        // A warm pass first: tiered compilation replacing the loop's code mid-run allocates on this thread now and then.
        Run(filter, call, beforeEach, 1_000);
        var before = GC.GetAllocatedBytesForCurrentThread();
        Run(filter, call, beforeEach, 1_000);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
    }

    private static void Run(IFilter filter, Invocation.Invocation call, Action? beforeEach, int calls)
    {
        for (var i = 0; i < calls; i++)
        {
            beforeEach?.Invoke();
            var result = filter.InvokeAsync(call, LimitsFilterContexts.Ok);
            Assert.True(result.IsCompletedSuccessfully && result.Result.IsSuccess, "the filter refused a call it should pass");
        }
    }

    private static Invocation.Invocation Call() => new(LimitsProbeDescriptor.Work, Empty.Instance) { Timeout = TimeSpan.FromSeconds(1) };

    private static ServiceInstance Provider() => new(LimitsProbeDescriptor.Service.ServiceKey, "inproc", "inproc", 7);
}
