using Junction.Configuration;
using Junction.Invocation;
using Junction.Routing;
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

    [Fact]
    public async Task A_call_that_times_out_while_the_first_lists_routing_rules_are_applied_fails_instead_of_going_around_them()
    {
        // The providers' application has a rule that keeps no provider, and its factory is slow, as a C# script rule's
        // first compilation is: the first list has arrived, its rule is still being made.
        var registry = new FakeRegistry { Unreachable = true };
        var rules = new InMemoryConfigSource();
        rules.Set("who-provider" + GatedFactory.Suffix, "keep none");
        var factory = new GatedFactory();
        await using var consumer = await TestHost.StartAsync(services => services
            .AddJunction(o =>
            {
                o.UseRegistry(registry);
                o.RegistryCacheFolder = null;
                o.TimeProvider = new ManualTimeProvider();
                o.Routing.ConfigSource = rules;
                o.Routing.RuleFactories.Add(factory);
            })
            .AddRpcClient<IWhoProbe>(r => r.TimeoutMs = 200));
        var who = consumer.Services.GetRequiredService<IWhoProbe>();

        // The provider's registration is the consumer's first list; it pushes on this task and waits in the factory.
        var service = new WhoService("provider");
        var providerStarting = Task.Run(() => TestHost.StartAsync(services =>
        {
            services.AddSingleton(service);
            services.AddJunction(o => { o.Application = "who-provider"; o.UseRegistry(registry); o.RegistryCacheFolder = null; o.UnregisterDelay = TimeSpan.Zero; })
                .AddRpcService<IWhoProbe, WhoService>();
        }));
        await factory.Entered.WaitAsync(HangGuard);

        try
        {
            var error = await Assert.ThrowsAsync<RpcException>(() => who.WhoAsync().WaitAsync(HangGuard));
            Assert.Equal(RpcStatusCode.Unavailable, error.StatusCode);
            Assert.Contains("the routing rules of its providers' application were still being applied", error.Message, StringComparison.Ordinal);
            Assert.Equal(0, service.Calls);
        }
        finally
        {
            factory.Release();
        }

        await using var provider = await providerStarting.WaitAsync(HangGuard);
        var routed = await Assert.ThrowsAsync<RpcException>(() => who.WhoAsync().WaitAsync(HangGuard));
        Assert.Contains("routing left no provider", routed.Message, StringComparison.Ordinal);
        Assert.Equal(0, service.Calls);
    }

    private sealed class WhoService(string name) : IWhoProbe
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public Task<string> WhoAsync()
        {
            Interlocked.Increment(ref _calls);
            return Task.FromResult(name);
        }
    }

    /// <summary>Makes rules that keep no provider, each once the test releases it.</summary>
    private sealed class GatedFactory : IRoutingRuleFactory
    {
        public const string Suffix = ".gated-router";

        private readonly ManualResetEventSlim _released = new();
        private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Completes when a rule is being made.</summary>
        public Task Entered => _entered.Task;

        public string KeySuffix => Suffix;

        public void Release() => _released.Set();

        public IRouter Create(string key, string text, RouteConsumer consumer)
        {
            _entered.TrySetResult();
            // Blocking, as a compilation on the config source's thread does.
            _released.Wait(HangGuard);
            return new KeepNone();
        }
    }

    private sealed class KeepNone : IRouter
    {
        public int Priority => 0;

        public IProviderInvoker[] Route(IProviderInvoker[] providers, Invocation.Invocation invocation) => [];

        public override string ToString() => "keep none";
    }
}
