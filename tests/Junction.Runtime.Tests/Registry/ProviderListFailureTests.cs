using Junction.Configuration;
using Junction.Registry;
using Junction.Routing;
using Junction.Runtime.Tests.Cluster;
using Junction.Runtime.Tests.Override;

namespace Junction.Runtime.Tests.Registry;

/// <summary>
/// What a failure while a provider list is taken in (a <see cref="RegistryDirectory.Changed"/> handler, a logging
/// provider, a config source) must not leave behind: a list without its overrides, leaked connections, a first list
/// held from calls forever, routing rules of an application the providers no longer belong to.
/// </summary>
public class ProviderListFailureTests
{
    private static readonly string ServiceKey = ClusterKit.Service.ServiceKey;

    private static readonly string DisableZoneA = """
        configVersion: v3.0
        scope: application
        key: orders
        configs:
          - side: provider
            match: {param: [{key: zone, value: {exact: a}}]}
            parameters: {disabled: true}
        """;

    [Fact]
    public async Task A_first_list_whose_changed_handler_throws_still_gets_its_providers_application_overrides()
    {
        var registry = new FakeRegistry { Unreachable = true };
        var rules = new InMemoryConfigSource();
        rules.Set("orders" + Junction.Registry.Override.OverrideDocument.KeySuffix, DisableZoneA);
        var logger = new ListLogger();
        await using var directory = new RegistryDirectory(
            ClusterKit.Service, registry, "tcp", instance => new ReferredProvider(instance), logger,
            Junction.Registry.Override.ProviderOverrides.Create(ClusterKit.Service, new RouteConsumer("shop", "192.168.1.7"), rules, logger));
        var thrown = 0;
        directory.Changed += _ =>
        {
            if (Interlocked.Increment(ref thrown) == 1)
            {
                throw new InvalidOperationException("routing failed");
            }
        };

        // The failure is logged, not thrown into the registry's push (where it would cost other subscribers the list).
        registry.Push(ServiceKey, OverrideRig.Instance(1, ("zone", "a")), OverrideRig.Instance(2, ("zone", "b")));

        Assert.Contains(logger.At(Microsoft.Extensions.Logging.LogLevel.Error), e => e.Exception?.Message == "routing failed");
        Assert.True(directory.FirstSnapshot.IsCompleted);
        Assert.Equal(["p2"], Names(directory.Providers.Invokers));
    }

    [Fact]
    public async Task Providers_a_push_removes_are_released_even_when_a_changed_handler_throws()
    {
        var registry = new FakeRegistry { Unreachable = true };
        var referred = new List<ReferredProvider>();
        await using var directory = new RegistryDirectory(ClusterKit.Service, registry, "tcp", instance => Refer(referred, instance), new ListLogger());
        var failing = false;
        directory.Changed += _ =>
        {
            if (failing)
            {
                throw new InvalidOperationException("routing failed");
            }
        };
        registry.Push(ServiceKey, OverrideRig.Instance(1), OverrideRig.Instance(2));
        failing = true;

        registry.Push(ServiceKey, OverrideRig.Instance(2));

        Assert.Equal(["p2"], Names(directory.Providers.Invokers));
        var p1 = Assert.Single(referred, p => p.Name == "p1");
        Assert.True(p1.Released, "the removed provider's invoker (its connections) was not released");
    }

    [Fact]
    public async Task A_late_handler_that_throws_on_the_list_already_there_is_logged_and_does_not_fail_the_client_being_made()
    {
        // The in-memory registry delivers while subscribing, so routing's handler, added as the client is made, runs at
        // once on that list: a failure there must not escape into the making of the client, which would leave this
        // directory subscribed and never disposed.
        var registry = new FakeRegistry();
        var logger = new ListLogger();
        await registry.RegisterAsync(OverrideRig.Instance(1));
        await using var directory = new RegistryDirectory(ClusterKit.Service, registry, "tcp", instance => new ReferredProvider(instance), logger);
        Assert.Equal(["p1"], Names(directory.Providers.Invokers));

        directory.ObserveProviders(_ => throw new InvalidOperationException("routing failed"));

        Assert.Contains(logger.At(Microsoft.Extensions.Logging.LogLevel.Error), e => e.Exception?.Message == "routing failed");
        Assert.Equal(["p1"], Names(directory.Providers.Invokers));
    }

    [Fact]
    public async Task A_logging_provider_that_throws_does_not_keep_the_first_list_from_calls()
    {
        var registry = new FakeRegistry { Unreachable = true };
        await using var directory = new RegistryDirectory(ClusterKit.Service, registry, "tcp", instance => new ReferredProvider(instance), new ThrowingLogger());

        registry.Push(ServiceKey, OverrideRig.Instance(1));

        Assert.True(directory.FirstSnapshot.IsCompleted, "calls would wait for the first list until their timeout");
        Assert.Equal(["p1"], Names(directory.Providers.Invokers));
    }

    [Fact]
    public void Rules_of_the_previous_providers_application_stop_applying_when_watching_the_new_ones_throws()
    {
        // orders keeps zone b only; the providers then move to application billing, whose rules cannot be watched.
        var rules = new InMemoryConfigSource();
        rules.Set("orders" + RoutingRules.ConditionSuffix, "configVersion: v3.0\nscope: application\nkey: orders\nconditions:\n  - \"=> zone=b\"\n");
        var source = new ThrowingSource(rules, "billing" + RoutingRules.TagSuffix);
        using var routing = new RoutingRules(ClusterKit.Service, new RouteConsumer("shop", "192.168.1.7"), source, [], [], [], new ListLogger());
        var call = new Invocation.Invocation(ClusterKit.Method("Read"), 1);
        Invocation.IProviderInvoker[] orders = [Provider(1, "orders", "a"), Provider(2, "orders", "b")];
        routing.OnProviders(orders);
        Assert.Equal(["p2"], Names(routing.Chain.Route(orders, call)));

        Invocation.IProviderInvoker[] billing = [Provider(3, "billing", "a"), Provider(4, "billing", "b")];
        var error = Assert.Throws<InvalidOperationException>(() => routing.OnProviders(billing));

        Assert.Equal("config source is gone", error.Message);
        Assert.Equal(["p3", "p4"], Names(routing.Chain.Route(billing, call)));
    }

    private static ReferredProvider Provider(int n, string application, string zone)
        => new(OverrideRig.Instance(n, ("application", application), ("zone", zone)));

    private static ReferredProvider Refer(List<ReferredProvider> referred, ServiceInstance instance)
    {
        var provider = new ReferredProvider(instance);
        lock (referred)
        {
            referred.Add(provider);
        }

        return provider;
    }

    private static string[] Names(Invocation.IProviderInvoker[] invokers) => [.. invokers.Select(i => i.Instance.Metadata["name"])];

    /// <summary>A config source over another whose watch of one key throws.</summary>
    private sealed class ThrowingSource(IConfigSource inner, string key) : IConfigSource
    {
        public IDisposable Watch(string watched, Action<string?> changed)
            => watched == key ? throw new InvalidOperationException("config source is gone") : inner.Watch(watched, changed);
    }

    /// <summary>A logging provider that fails on every information line.</summary>
    private sealed class ThrowingLogger : Microsoft.Extensions.Logging.ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;

        public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel == Microsoft.Extensions.Logging.LogLevel.Information)
            {
                throw new InvalidOperationException("the log is full");
            }
        }
    }
}
