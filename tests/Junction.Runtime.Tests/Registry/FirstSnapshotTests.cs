using Junction.Runtime.Tests.Cluster;
using Junction.Runtime.Tests.Pipeline;
using Microsoft.Extensions.DependencyInjection;
using static Junction.Runtime.Tests.Registry.RegistryTestSupport;

namespace Junction.Runtime.Tests.Registry;

/// <summary>
/// A consumer's first calls, made before the registry answered (a Consul query takes a round trip): they wait for the
/// first provider list within their timeout instead of failing with "no provider".
/// </summary>
public class FirstSnapshotTests
{
    [Fact]
    public async Task A_call_made_before_the_registry_answered_waits_for_the_providers_and_succeeds()
    {
        // No snapshot on subscribe: the registry has not answered the consumer yet. The manual clock keeps the cache
        // fallback's grace period from passing.
        var registry = new FakeRegistry { Unreachable = true };
        await using var consumer = await TestHost.StartAsync(services => services
            .AddJunction(o => { o.UseRegistry(registry); o.RegistryCacheFolder = null; o.TimeProvider = new ManualTimeProvider(); })
            .AddRpcClient<IWhoProbe>(r => r.TimeoutMs = 20_000));
        var call = consumer.Services.GetRequiredService<IWhoProbe>().WhoAsync();
        Assert.False(call.IsCompleted, "the call must not fail (or finish) before any provider is known");

        // The provider registers: the registry's push is the consumer's first list.
        await using var provider = await TestHost.StartAsync(services =>
        {
            services.AddSingleton(new WhoService("late"));
            services.AddJunction(o => { o.UseRegistry(registry); o.RegistryCacheFolder = null; o.UnregisterDelay = TimeSpan.Zero; })
                .AddRpcService<IWhoProbe, WhoService>();
        });

        Assert.Equal("late", await call.WaitAsync(HangGuard));
    }

    [Fact]
    public async Task A_call_that_waited_its_whole_timeout_for_a_silent_registry_says_the_registry_has_not_answered()
    {
        var registry = new FakeRegistry { Unreachable = true };
        await using var consumer = await TestHost.StartAsync(services => services
            .AddJunction(o => { o.UseRegistry(registry); o.RegistryCacheFolder = null; o.TimeProvider = new ManualTimeProvider(); })
            .AddRpcClient<IWhoProbe>(r => r.TimeoutMs = 200));

        var error = await Assert.ThrowsAsync<RpcException>(() => consumer.Services.GetRequiredService<IWhoProbe>().WhoAsync().WaitAsync(HangGuard));

        Assert.Equal(RpcStatusCode.Unavailable, error.StatusCode);
        Assert.Contains("the registry has not answered yet", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Once_the_registry_answered_an_empty_list_a_call_fails_at_once_saying_no_provider_is_listed()
    {
        var registry = new FakeRegistry();
        await using var consumer = await TestHost.StartAsync(services => services
            .AddJunction(o => { o.UseRegistry(registry); o.RegistryCacheFolder = null; })
            .AddRpcClient<IWhoProbe>(r => r.TimeoutMs = 20_000));

        // Well within the call's 20 s timeout: had the call waited, WaitAsync would throw a TimeoutException instead.
        var error = await Assert.ThrowsAsync<RpcException>(() => consumer.Services.GetRequiredService<IWhoProbe>().WhoAsync().WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Contains("the registry lists no provider", error.Message, StringComparison.Ordinal);
    }

    private sealed class WhoService(string name) : IWhoProbe
    {
        public Task<string> WhoAsync() => Task.FromResult(name);
    }
}
