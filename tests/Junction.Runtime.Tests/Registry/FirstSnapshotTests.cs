using Junction.Configuration;
using Junction.Contracts;
using Junction.Hosting;
using Junction.Invocation;
using Junction.Registry;
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
    private const string ProviderRuleKey = "orders.configurators";

    private const string ConditionRuleKey = "orders" + RoutingRules.ConditionSuffix;

    /// <summary>A condition rule of the providers' application that keeps provider b only.</summary>
    private const string KeepZoneB = "configVersion: v3.0\nscope: application\nkey: orders\nconditions:\n  - \"=> zone=b\"\n";

    /// <summary>An override of the providers' application that disables provider a.</summary>
    private const string DisableZoneA = "configVersion: v3.0\nscope: application\nkey: orders\nconfigs:\n  - side: provider\n    match: {param: [{key: zone, value: {exact: a}}]}\n    parameters: {disabled: true}\n";

    private static readonly string ProbeKey = ContractRegistry.Get<IFailoverProbe>().ServiceKey;

    /// <summary>Dubbo's service key of the probe (<c>{interface}:{version}:{group}</c>) and its condition rule key.</summary>
    private static readonly string ServiceKeyOfProbe = RoutingRules.ServiceKeyOf(ContractRegistry.Get<IFailoverProbe>());

    private static readonly string ServiceConditionKey = ServiceKeyOfProbe + RoutingRules.ConditionSuffix;

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
            Assert.Contains("its routing and override rules were still being read or applied", error.Message, StringComparison.Ordinal);
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

    [Theory]
    [InlineData("disabled: true")]
    [InlineData("weight: 0")]
    public async Task First_calls_never_reach_a_provider_an_override_of_the_providers_application_takes_out(string parameters)
    {
        // The providers' application has a rule taking provider a out, stored before the consumer starts; watching it
        // waits until the test lets it go on, so the consumer's first list has arrived and the rule is not in force yet.
        var registry = new FakeRegistry { Unreachable = true };
        var rules = new InMemoryConfigSource();
        rules.Set(ProviderRuleKey, $$"""
            configVersion: v3.0
            scope: application
            key: orders
            configs:
              - side: provider
                match:
                  param:
                    - key: zone
                      value: {exact: a}
                parameters: { {{parameters}} }
            """);
        var source = new HeldWatchSource(rules, ProviderRuleKey);
        await using var zones = await Zones.StartAsync(registry, source);
        var probe = zones.Client;

        // The consumer's first calls, made before the registry answered.
        var first = zones.FirstCalls();

        // The registry answers with a and b: the consumer's first list, taken in on this task, which waits in the watch.
        var pushing = Task.Run(() => registry.Push(ProbeKey, [.. registry.Current(ProbeKey)]));
        await source.Watching.WaitAsync(HangGuard);
        try
        {
            // A call that gives up meanwhile shows that calls have no list yet; the first calls still wait.
            var error = await Assert.ThrowsAsync<RpcException>(() => probe.WriteAsync(0).WaitAsync(HangGuard));
            Assert.Contains("its routing and override rules were still being read or applied", error.Message, StringComparison.Ordinal);
            Assert.All(first, call => Assert.False(call.IsCompleted, "a first call went on before its providers' overrides were in force"));
        }
        finally
        {
            source.Release();
        }

        await pushing.WaitAsync(HangGuard);
        await OnlyBAnswers(first, probe, zones.A);
    }

    [Theory]
    [InlineData("providers' application condition", false)]
    [InlineData("providers' application override", false)]
    [InlineData("service condition", false)]
    [InlineData("service condition", true)]
    [InlineData("service override", false)]
    [InlineData("providers' application condition", true)]
    public async Task First_calls_wait_for_a_config_source_that_answers_after_a_round_trip_and_follow_its_rules(string rule, bool listOnSubscribe)
    {
        // Consul's KV store answers a new watch after a round trip: the rule is stored, but not read when the first list
        // is made. Only the rule's key answers late, so each hold (routing's, the overrides' for the providers'
        // application) is tested on its own. With the list on subscribe (an in-memory
        // registry answers inside Subscribe), it is made before routing exists. (Checked to fail, each case: without its
        // hold, a answers some of the first calls.)
        var (key, text) = rule switch
        {
            "providers' application condition" => (ConditionRuleKey, KeepZoneB),
            "providers' application override" => (ProviderRuleKey, DisableZoneA),
            "service override" => (ServiceKeyOfProbe + ".configurators", DisableZoneA.Replace("scope: application\nkey: orders", $"scope: service\nkey: \"{ProbeKey}\"", StringComparison.Ordinal)),
            _ => (ServiceConditionKey, $"configVersion: v3.0\nscope: service\nkey: \"{ServiceKeyOfProbe}\"\nconditions:\n  - \"=> zone=b\"\n"),
        };
        var registry = new FakeRegistry { Unreachable = !listOnSubscribe };
        var rules = new InMemoryConfigSource();
        rules.Set(key, text);
        var source = new LateAnswerSource(rules, late: watched => watched == key);
        await using var zones = await Zones.StartAsync(registry, source);
        var probe = zones.Client;
        var first = zones.FirstCalls();

        // The list is made (on subscribe, or now on this thread) and the rules are watched; the rule's kind has not
        // answered, so calls wait.
        if (!listOnSubscribe)
        {
            registry.Push(ProbeKey, [.. registry.Current(ProbeKey)]);
        }

        Assert.Contains(key, source.Waiting);
        var error = await Assert.ThrowsAsync<RpcException>(() => probe.WriteAsync(0).WaitAsync(HangGuard));
        Assert.Contains("its routing and override rules were still being read or applied", error.Message, StringComparison.Ordinal);

        source.AnswerAll();
        await OnlyBAnswers(first, probe, zones.A);
    }

    [Fact]
    public async Task A_config_source_that_never_answers_holds_the_first_list_only_for_the_wait_and_says_so()
    {
        var registry = new FakeRegistry { Unreachable = true };
        var provider = Override.OverrideRig.Instance(1);
        var source = new LateAnswerSource(new InMemoryConfigSource());
        var logger = new ListLogger();
        await using var directory = new RegistryDirectory(
            ClusterKit.Service, registry, "tcp", instance => new Override.ReferredProvider(instance), logger,
            Junction.Registry.Override.ProviderOverrides.Create(ClusterKit.Service, new RouteConsumer("shop", "192.168.1.7"), source, logger),
            firstRulesWait: TimeSpan.FromSeconds(1));

        // The list names the providers' application, whose overrides are watched and never answered: held, for a while.
        registry.Push(ClusterKit.Service.ServiceKey, provider);
        Assert.Contains("orders.configurators", source.Waiting);
        Assert.Empty(directory.Providers.Invokers);
        await directory.FirstSnapshot.WaitAsync(HangGuard);
        Assert.Same(provider, Assert.Single(directory.Providers.Invokers).Instance);
        Assert.Contains(logger.At(Microsoft.Extensions.Logging.LogLevel.Warning), e => e.Message.Contains("has not answered", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_first_list_reaches_calls_even_when_watching_the_overrides_of_its_providers_application_throws()
    {
        var registry = new FakeRegistry { Unreachable = true };
        var source = new HeldWatchSource(new InMemoryConfigSource(), ProviderRuleKey) { Failure = new InvalidOperationException("config source is gone") };
        var a = new Probe("a");
        await using var provider = await StartProbe(registry, a, zone: "a");
        await using var consumer = await StartProbeConsumer(registry, source);
        var probe = consumer.Services.GetRequiredService<IFailoverProbe>();
        var call = probe.ReadAsync(1);

        // The list is made, then watching its application's overrides throws: logged, not thrown into the registry's
        // push, and the list reaches the call all the same.
        registry.Push(ProbeKey, [.. registry.Current(ProbeKey)]);

        Assert.Equal("a", await call.WaitAsync(HangGuard));
    }

    [Theory]
    [InlineData(ProviderRuleKey, DisableZoneA)]
    [InlineData(ConditionRuleKey, KeepZoneB)]
    public async Task Rules_of_the_providers_application_whose_watch_threw_are_watched_again_with_the_next_list(string key, string rule)
    {
        // The providers' application has a rule that leaves only provider b; the first attempt to watch it throws.
        var registry = new FakeRegistry { Unreachable = true };
        var rules = new InMemoryConfigSource();
        rules.Set(key, rule);
        var source = new HeldWatchSource(rules, key) { Failure = new InvalidOperationException("config source hiccup") };
        source.Release();
        var a = new Probe("a");
        await using var providerA = await StartProbe(registry, a, zone: "a");
        await using var providerB = await StartProbe(registry, new Probe("b"), zone: "b");
        await using var consumer = await StartProbeConsumer(registry, source);
        var probe = consumer.Services.GetRequiredService<IFailoverProbe>();
        registry.Push(ProbeKey, [.. registry.Current(ProbeKey)]);

        // The registry's next list names the same application: its rules are watched this time, and hold.
        registry.Push(ProbeKey, [.. registry.Current(ProbeKey)]);
        var before = a.Calls;
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal("b", await probe.ReadAsync(i).WaitAsync(HangGuard));
        }

        Assert.Equal(before, a.Calls);
    }

    [Fact]
    public async Task Routing_learns_the_providers_application_from_a_first_list_pushed_on_another_thread_before_the_reference_was_routed()
    {
        // A registry that pushes on its own thread, as Consul does: its first list is made while the reference is still
        // being built, and held from calls while its application's overrides are watched. Watching the service's
        // condition rule (the reference's routing being built) waits until then, which forces that order.
        var fake = new FakeRegistry { Unreachable = true };
        var rules = new InMemoryConfigSource();
        rules.Set(ConditionRuleKey, KeepZoneB);
        var source = new HeldWatchSource(rules, ProviderRuleKey) { WaitingKey = RoutingRules.ServiceKeyOf(ContractRegistry.Get<IFailoverProbe>()) + RoutingRules.ConditionSuffix };
        var a = new Probe("a");
        await using var providerA = await StartProbe(fake, a, zone: "a");
        await using var providerB = await StartProbe(fake, new Probe("b"), zone: "b");
        var registry = new PushingRegistry(fake);
        await using var consumer = await StartProbeConsumer(registry, source);
        var probe = consumer.Services.GetRequiredService<IFailoverProbe>();
        Task<string>[] first = [probe.ReadAsync(1), probe.ReadAsync(2), probe.ReadAsync(3), probe.ReadAsync(4)];
        source.Release();

        await registry.Pushing!.WaitAsync(HangGuard);
        Assert.True(source.WaitedForHeldWatch, "the push never reached the held watch before routing was built: the order under test did not happen");
        await OnlyBAnswers(first, probe, a);
    }

    [Fact]
    public async Task Disposing_the_consumer_while_its_first_list_is_held_ends_the_calls_waiting_for_it()
    {
        var registry = new FakeRegistry { Unreachable = true };
        var source = new HeldWatchSource(new InMemoryConfigSource(), ProviderRuleKey);
        var a = new Probe("a");
        await using var provider = await StartProbe(registry, a, zone: "a");
        await using var consumer = await StartProbeConsumer(registry, source);
        var call = consumer.Services.GetRequiredService<IFailoverProbe>().ReadAsync(1);
        var pushing = Task.Run(() => registry.Push(ProbeKey, [.. registry.Current(ProbeKey)]));
        await source.Watching.WaitAsync(HangGuard);

        // Unsubscribing waits for the push in progress; the call must not.
        var disposing = Task.Run(() => consumer.DisposeAsync().AsTask());
        try
        {
            var error = await Assert.ThrowsAsync<RpcException>(() => call.WaitAsync(HangGuard));
            Assert.Equal(RpcStatusCode.Unavailable, error.StatusCode);
            Assert.Contains("the client was released", error.Message, StringComparison.Ordinal);
            Assert.Equal(0, a.Calls);
        }
        finally
        {
            source.Release();
        }

        await pushing.WaitAsync(HangGuard);
        await disposing.WaitAsync(HangGuard);
    }

    /// <summary>The first calls, and ten more, are all answered by b; a never got a call.</summary>
    private static async Task OnlyBAnswers(Task<string>[] first, IFailoverProbe probe, Probe a)
    {
        Assert.Equal(["b", "b", "b", "b"], await Task.WhenAll(first).WaitAsync(HangGuard));
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal("b", await probe.ReadAsync(i).WaitAsync(HangGuard));
        }

        Assert.Equal(0, a.Calls);
    }

    private static Task<TestHost> StartProbe(FakeRegistry registry, Probe probe, string zone)
        => TestHost.StartAsync(services =>
        {
            services.AddSingleton(probe);
            services.AddJunction(o => { o.Application = "orders"; o.UseRegistry(registry); o.RegistryCacheFolder = null; o.UnregisterDelay = TimeSpan.Zero; })
                .AddRpcService<IFailoverProbe, Probe>(s => s.Metadata["zone"] = zone);
        });

    /// <summary>
    /// A consumer whose reads wait for a first list longer than the tests' guards (a read that has to wait its whole
    /// timeout fails the test) and whose writes give up soon.
    /// </summary>
    private static Task<TestHost> StartProbeConsumer(IRegistry registry, IConfigSource rules)
        => TestHost.StartAsync(services => services
            .AddJunction(o =>
            {
                o.UseRegistry(registry);
                o.RegistryCacheFolder = null;
                o.Routing.ConfigSource = rules;

                // Longer than any test holds a rule back: a first list held for late rules never goes out without them.
                o.Routing.FirstRulesWait = TimeSpan.FromMinutes(2);
            })
            .AddRpcClient<IFailoverProbe>(r =>
            {
                r.LoadBalance = "roundrobin";
                r.Methods["ReadAsync"] = new MethodOptions { TimeoutMs = 60_000 };
                r.Methods["WriteAsync"] = new MethodOptions { TimeoutMs = 200 };
            }));

    /// <summary>Providers a (zone a) and b (zone b) of application orders, and a consumer of them reading rules from a source.</summary>
    private sealed class Zones : IAsyncDisposable
    {
        private readonly List<TestHost> _hosts = [];

        public Probe A { get; } = new("a");

        public Probe B { get; } = new("b");

        public IFailoverProbe Client { get; private set; } = null!;

        public static async Task<Zones> StartAsync(FakeRegistry registry, IConfigSource rules)
        {
            var zones = new Zones();
            try
            {
                zones._hosts.Add(await StartProbe(registry, zones.A, zone: "a"));
                zones._hosts.Add(await StartProbe(registry, zones.B, zone: "b"));
                var consumer = await StartProbeConsumer(registry, rules);
                zones._hosts.Add(consumer);
                zones.Client = consumer.Services.GetRequiredService<IFailoverProbe>();
                return zones;
            }
            catch
            {
                await zones.DisposeAsync();
                throw;
            }
        }

        /// <summary>Four reads, made before the registry answered the consumer.</summary>
        public Task<string>[] FirstCalls() => [Client.ReadAsync(1), Client.ReadAsync(2), Client.ReadAsync(3), Client.ReadAsync(4)];

        public async ValueTask DisposeAsync()
        {
            for (var i = _hosts.Count - 1; i >= 0; i--)
            {
                await _hosts[i].DisposeAsync();
            }
        }
    }

    private sealed class Probe(string name) : IFailoverProbe
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public Task<string> ReadAsync(int call)
        {
            Interlocked.Increment(ref _calls);
            return Task.FromResult(name);
        }

        public Task<string> WriteAsync(int call) => ReadAsync(call);
    }

    /// <summary>
    /// A config source over another whose watch of one key waits, on the watching thread, until the test releases it
    /// (longer than the tests' guards: a call that waits for it fails the test), or throws <see cref="Failure"/>.
    /// </summary>
    private sealed class HeldWatchSource(IConfigSource inner, string key) : IConfigSource
    {
        private readonly ManualResetEventSlim _released = new();
        private readonly TaskCompletionSource _watching = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Completes when the key's watch has started.</summary>
        public Task Watching => _watching.Task;

        private Exception? _failure;

        /// <summary>What the key's next watch throws, once.</summary>
        public Exception? Failure { init => _failure = value; }

        /// <summary>A key whose watch waits (on its own thread) until the held key's watch has started on another.</summary>
        public string? WaitingKey { get; init; }

        /// <summary>Whether the watch of <see cref="WaitingKey"/> saw the held key's watch start (the order a test forces).</summary>
        public bool WaitedForHeldWatch { get; private set; }

        public void Release() => _released.Set();

        public IDisposable Watch(string watched, Action<string?> changed)
        {
            if (watched == WaitingKey)
            {
                WaitedForHeldWatch = _watching.Task.Wait(HangGuard);
            }

            if (watched == key)
            {
                _watching.TrySetResult();
                if (Interlocked.Exchange(ref _failure, null) is { } failure)
                {
                    throw failure;
                }

                _released.Wait(2 * HangGuard);
            }

            return inner.Watch(watched, changed);
        }
    }

    /// <summary>
    /// A config source over another that answers no watch (or none of the keys <c>late</c> picks) until
    /// <see cref="AnswerAll"/>, as Consul's KV store answers after a round trip; from then on it answers at once.
    /// </summary>
    private sealed class LateAnswerSource(IConfigSource inner, Func<string, bool>? late = null) : IConfigSource
    {
        private readonly List<LateWatch> _waiting = [];
        private bool _answering;

        /// <summary>The keys watched and not answered yet.</summary>
        public string[] Waiting
        {
            get
            {
                lock (_waiting)
                {
                    return [.. _waiting.Select(w => w.Key)];
                }
            }
        }

        public IDisposable Watch(string key, Action<string?> changed)
        {
            var watch = new LateWatch(key, changed);
            lock (_waiting)
            {
                if (!_answering && (late is null || late(key)))
                {
                    _waiting.Add(watch);
                    return watch;
                }
            }

            watch.Start(inner);
            return watch;
        }

        public void AnswerAll()
        {
            LateWatch[] waiting;
            lock (_waiting)
            {
                _answering = true;
                waiting = [.. _waiting];
                _waiting.Clear();
            }

            foreach (var watch in waiting)
            {
                watch.Start(inner);
            }
        }

        private sealed class LateWatch(string key, Action<string?> changed) : IDisposable
        {
            private IDisposable? _inner;
            private bool _disposed;

            public string Key => key;

            public void Start(IConfigSource source)
            {
                var inner = source.Watch(key, changed);
                lock (this)
                {
                    if (!_disposed)
                    {
                        _inner = inner;
                        return;
                    }
                }

                inner.Dispose();
            }

            public void Dispose()
            {
                lock (this)
                {
                    _disposed = true;
                }

                _inner?.Dispose();
            }
        }
    }

    /// <summary>A registry over a <see cref="FakeRegistry"/> whose first subscription gets the providers on another thread, after it returned.</summary>
    private sealed class PushingRegistry(FakeRegistry inner) : IRegistry
    {
        /// <summary>The push made on subscribing; null before.</summary>
        public Task? Pushing { get; private set; }

        public ValueTask RegisterAsync(ServiceInstance instance, CancellationToken cancellationToken = default) => inner.RegisterAsync(instance, cancellationToken);

        public ValueTask UnregisterAsync(ServiceInstance instance, CancellationToken cancellationToken = default) => inner.UnregisterAsync(instance, cancellationToken);

        public IDisposable Subscribe(string serviceKey, Action<IReadOnlyList<ServiceInstance>> listener)
        {
            var subscription = inner.Subscribe(serviceKey, listener);
            Pushing ??= Task.Run(() => listener(inner.Current(serviceKey)));
            return subscription;
        }
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
