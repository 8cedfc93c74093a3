using Junction.Configuration;
using Junction.Invocation;
using Junction.Routing;
using Junction.Runtime.Tests.Cluster;
using Microsoft.Extensions.Logging;
using static Junction.Runtime.Tests.Routing.Chain.ChainKit;

namespace Junction.Runtime.Tests.Routing.Chain;

/// <summary>Which rules a reference watches, under which keys, in which order they run, and what a bad rule does.</summary>
public class RoutingRulesTests
{
    private static readonly string ServiceKey = RoutingRules.ServiceKeyOf(ClusterKit.Service) + ".condition-router";

    private readonly InMemoryConfigSource _source = new();
    private readonly ListLogger _log = new();

    [Fact]
    public void The_service_key_is_dubbos_colon_key_with_empty_parts_kept()
    {
        var service = ClusterKit.Service;
        Assert.Equal($"{service.InterfaceName}:{service.Version}:{service.Group}.condition-router", ServiceKey);
        Assert.Contains("Junction.Runtime.Tests.Cluster.IClusterProbe:", ServiceKey, StringComparison.Ordinal);
    }

    [Fact]
    public void Service_then_consumer_application_then_provider_application_rules_narrow_in_that_order()
    {
        IProviderInvoker[] providers = [Provider(1, "application=shop", "zone=a"), Provider(2, "application=shop", "zone=b"), Provider(3, "application=shop", "zone=b")];
        using var rules = Rules();
        rules.OnProviders(providers);

        _source.Set(ServiceKey, Conditions("=> zone=b"));
        Assert.Equal("2,3", Hosts(rules.Chain.Route(providers, Call())));
        _source.Set("web.condition-router", Conditions("=> host=10.0.0.1,10.0.0.3"));
        Assert.Equal("3", Hosts(rules.Chain.Route(providers, Call())));

        // The provider application's rule runs last: forced to host 2, which the rules before already dropped.
        _source.Set("shop.condition-router", "force: true\nconditions:\n  - \"=> host=10.0.0.2\"\n");
        Assert.Empty(rules.Chain.Route(providers, Call()));
        Assert.Contains("shop.condition-router", rules.Chain.ExplainEmpty(providers, Call()), StringComparison.Ordinal);

        _source.Remove("shop.condition-router");
        _source.Remove(ServiceKey);
        Assert.Equal("1,3", Hosts(rules.Chain.Route(providers, Call())));
    }

    [Fact]
    public void A_bad_rule_is_logged_with_its_key_and_the_rule_before_it_stays()
    {
        IProviderInvoker[] providers = [Provider(1, "zone=a"), Provider(2, "zone=b")];
        using var rules = Rules();
        _source.Set(ServiceKey, Conditions("=> zone=b"));

        _source.Set(ServiceKey, Conditions("zone!=, => zone=a"));

        Assert.Equal("2", Hosts(rules.Chain.Route(providers, Call())));
        var error = Assert.Single(_log.At(LogLevel.Error));
        Assert.Contains(ServiceKey, error.Message, StringComparison.Ordinal);
        Assert.Contains("column", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Tag_rules_of_the_provider_application_are_watched_once_it_is_known_and_rewatched_when_it_changes()
    {
        _source.Set("shop.tag-router", "force: false\ntags:\n  - name: gray\n    addresses: [\"10.0.0.2:20880\"]\n");
        IProviderInvoker[] shop = [Provider(1, "application=shop"), Provider(2, "application=shop")];
        using var rules = Rules();
        Assert.Null(rules.ProviderApplication);

        rules.OnProviders(shop);

        Assert.Equal("shop", rules.ProviderApplication);
        Assert.Equal("2", Hosts(rules.Chain.Route(shop, Call("Read", ("dubbo.tag", "gray")))));
        Assert.Equal("1", Hosts(rules.Chain.Route(shop, Call())));

        IProviderInvoker[] store = [Provider(1, "application=store"), Provider(2, "application=store")];
        rules.OnProviders(store);
        Assert.Equal("1,2", Hosts(rules.Chain.Route(store, Call())));

        // The old application's rule no longer reaches this reference.
        _source.Set("shop.tag-router", "tags:\n  - name: gray\n    addresses: [\"10.0.0.1:20880\"]\n");
        Assert.Equal("1,2", Hosts(rules.Chain.Route(store, Call())));
    }

    [Fact]
    public void Other_kinds_of_rules_come_from_their_factory_after_conditions_and_before_user_routers()
    {
        IProviderInvoker[] providers = [Provider(1, "application=shop"), Provider(2, "application=shop"), Provider(3, "application=shop")];
        var factory = new KeepFactory();
        var user = new CountingRouter(RouteDependency.None, 1, 2, 3);
        using var rules = Rules([factory], [user]);
        rules.OnProviders(providers);

        _source.Set("shop.keep-router", "2,3");
        _source.Set(ServiceKey, Conditions("=> host=10.0.0.1,10.0.0.2"));

        Assert.Equal("2", Hosts(rules.Chain.Route(providers, Call())));
        var order = rules.Chain.Routers.Select(r => r.ToString()).ToArray();
        Assert.Equal(["static tags", ServiceKey, "keep 2,3", "counting router keeping 1,2,3"], order.Select(Shorten));

        // A factory refusing a rule keeps the one it had.
        _source.Set("shop.keep-router", "x");
        Assert.Equal("2", Hosts(rules.Chain.Route(providers, Call())));
        Assert.Contains("shop.keep-router", Assert.Single(_log.At(LogLevel.Error)).Message, StringComparison.Ordinal);

        // So does a factory that fails some other way, and the failure is reported instead of escaping.
        _source.Set("shop.keep-router", "boom");
        Assert.Equal("2", Hosts(rules.Chain.Route(providers, Call())));
        var failure = _log.At(LogLevel.Error).Last().Message;
        Assert.Contains("shop.keep-router", failure, StringComparison.Ordinal);
        Assert.Contains("KeepFactory failed on it (InvalidOperationException: the factory broke)", failure, StringComparison.Ordinal);
    }

    private static string Shorten(string? description)
        => description switch
        {
            null => "",
            _ when description.Contains(ServiceKey, StringComparison.Ordinal) => ServiceKey,
            _ when description.Contains("tag", StringComparison.Ordinal) => "static tags",
            _ => description,
        };

    private static string Conditions(params string[] rules)
        => "configVersion: v3.0\nconditions:\n" + string.Concat(rules.Select(r => $"  - \"{r}\"\n"));

    private RoutingRules Rules(IRoutingRuleFactory[]? factories = null, IRouter[]? user = null)
        => new(ClusterKit.Service, Consumer, _source, factories ?? [], [], user ?? [], _log);

    /// <summary>Rules listing the host numbers to keep; anything else is refused.</summary>
    private sealed class KeepFactory : IRoutingRuleFactory
    {
        public string KeySuffix => ".keep-router";

        public IRouter? Create(string key, string text, RouteConsumer consumer)
            => text == "boom" ? throw new InvalidOperationException("the factory broke")
                : text.Split(',').All(n => int.TryParse(n, out _))
                ? new KeepRouter(text)
                : throw new RoutingRuleException(key, "expected host numbers separated by commas");
    }

    private sealed class KeepRouter(string keep) : IRouter
    {
        public int Priority => 0;

        public IProviderInvoker[] Route(IProviderInvoker[] providers, Invocation.Invocation invocation)
            => [.. providers.Where(p => keep.Split(',').Contains(p.Instance.Host[7..]))];

        public override string ToString() => "keep " + keep;
    }
}
