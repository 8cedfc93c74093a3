using Junction.Invocation;
using Junction.Routing;
using Junction.Routing.Condition;
using Junction.Runtime.Tests.Cluster;
using Microsoft.Extensions.Logging;

namespace Junction.Runtime.Tests.Routing.Condition;

/// <summary>What one rule does to the providers of a call (DUBBO-SEMANTICS §1.4), and what it costs on a repeat.</summary>
public class ConditionRouterTests
{
    private static ConditionRouter Router(string rule, bool force = false, bool enabled = true, ILogger? logger = null)
        => new(ConditionRule.Parse(rule, force), Routes.Consumer, Routes.Key, enabled, logger);

    [Theory]
    [InlineData("application=shop-web =>")]
    [InlineData("application=shop-web => false")]
    [InlineData("=> false")]
    [InlineData("method=Find =>")]
    public void A_blacklist_leaves_no_provider_even_unforced(string rule)
        => Assert.Empty(Router(rule).Route(Routes.Fleet(), Routes.Find()));

    [Fact]
    public void A_blacklist_leaves_calls_it_does_not_match_alone()
    {
        var providers = Routes.Fleet();

        Assert.Same(providers, Router("method=Ping =>").Route(providers, Routes.Find()));
    }

    [Fact]
    public void Unforced_a_rule_that_matches_no_provider_gives_back_all_of_them()
    {
        var providers = Routes.Fleet();

        Assert.Same(providers, Router("=> region=mars").Route(providers, Routes.Find()));
    }

    [Fact]
    public void Forced_a_rule_that_matches_no_provider_leaves_none()
        => Assert.Empty(Router("=> region=mars", force: true).Route(Routes.Fleet(), Routes.Find()));

    [Fact]
    public void A_disabled_rule_changes_nothing()
    {
        var providers = Routes.Fleet();

        Assert.Same(providers, Router("=> false", enabled: false).Route(providers, Routes.Find()));
        Assert.Same(providers, Router("=> host=10.0.0.1", force: true, enabled: false).Route(providers, Routes.Find()));
    }

    [Fact]
    public void No_providers_stay_no_providers()
    {
        IProviderInvoker[] none = [];

        Assert.Same(none, Router("=> host=10.0.0.1", force: true).Route(none, Routes.Find()));
    }

    [Fact]
    public void A_call_the_when_condition_does_not_match_keeps_every_provider()
    {
        var providers = Routes.Fleet();

        Assert.Same(providers, Router("method=Ping => host=10.0.0.1", force: true).Route(providers, Routes.Find()));
    }

    [Fact]
    public void The_providers_that_stay_keep_their_order()
    {
        var providers = Routes.Fleet();
        Array.Reverse(providers);

        Assert.Equal("10.1.0.3,10.0.0.2,10.0.0.1", Routes.Hosts(Router("=> host=10.*").Route(providers, Routes.Find())));
    }

    [Fact]
    public void When_no_provider_goes_the_input_array_itself_comes_back()
    {
        var providers = Routes.Fleet();

        Assert.Same(providers, Router("=> host=*").Route(providers, Routes.Find()));
    }

    [Fact]
    public void The_same_providers_get_the_same_result_array_and_new_providers_a_new_one()
    {
        var router = Router("method=Find => region=hangzhou");
        var providers = Routes.Fleet();

        var first = router.Route(providers, Routes.Find());
        var second = router.Route(providers, Routes.Find(id: 2));
        var changed = Routes.Fleet()[1..];
        var third = router.Route(changed, Routes.Find());

        Assert.Equal("10.0.0.1,10.0.0.2", Routes.Hosts(first));
        Assert.Same(first, second);
        Assert.Equal("10.0.0.2", Routes.Hosts(third));
        Assert.Same(third, router.Route(changed, Routes.Find()));
    }

    [Fact]
    public void Rules_in_sequence_narrow_the_providers_step_by_step()
    {
        var document = """
            conditions:
              - method=Find => region=hangzhou,beijing
              - arguments[0]=1~100 => env=prod
              - application=shop-web => protocol=tcp
            """;
        var routers = ConditionRuleDocument.Parse(Routes.Key, document, Routes.Consumer);

        Assert.Equal("10.0.0.2", Routes.Hosts(Routes.Chain(routers, Routes.Fleet(), Routes.Find(id: 7))));
        Assert.Equal("10.0.0.1,10.0.0.2", Routes.Hosts(Routes.Chain(routers, Routes.Fleet(), Routes.Find(id: 700))));
        Assert.Equal("10.0.0.1,10.0.0.2,192.168.1.4", Routes.Hosts(Routes.Chain(routers, Routes.Fleet(), Routes.Ping())));
    }

    [Fact]
    public void A_blacklist_in_the_middle_of_a_sequence_empties_the_rest()
    {
        var routers = ConditionRuleDocument.Parse(Routes.Key, "conditions: ['=> host=10.*', 'method=Find => false', '=> host=*']", Routes.Consumer);

        Assert.Empty(Routes.Chain(routers, Routes.Fleet(), Routes.Find()));
        Assert.Equal(3, Routes.Chain(routers, Routes.Fleet(), Routes.Ping()).Length);
    }

    [Fact]
    public void A_repeated_call_through_rules_that_read_arguments_allocates_nothing()
    {
        var routers = ConditionRuleDocument.Parse(Routes.Key, """
            conditions:
              - arguments[0]=1~100 => region=hangzhou,beijing
              - arguments[1]=ali* & method=Find => env=prod
              - arguments[2]=true => version!=3.0
            """, Routes.Consumer);
        var providers = Routes.Fleet();
        var call = Routes.Find(id: 7, name: "alice", active: true);
        var expected = Routes.Chain(routers, providers, call);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var result = Routes.Chain(routers, providers, call);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal("10.0.0.2,10.1.0.3", Routes.Hosts(result));
        Assert.Same(expected, result);
        Assert.Equal(0, allocated);
    }

    /// <summary>Dependencies as numbers: the enum is internal. None 0, Method 1, RequestTag 2, Invocation 4.</summary>
    [Theory]
    [InlineData("region=hangzhou => host=*", 0)]
    [InlineData("=> host=*", 0)]
    [InlineData("method=Find => host=*", 1)]
    [InlineData("arguments[0]=1 => host=*", 4)]
    [InlineData("attachments[user]=vip => host=*", 4)]
    [InlineData("attachments[dubbo.tag]=gray => host=*", 2)]
    [InlineData("method=Find & attachments[user]=vip => host=*", 5)]
    public void The_dependency_says_what_of_the_call_the_when_condition_reads(string rule, int dependency)
        => Assert.Equal((RouteDependency)dependency, Router(rule).Dependency);

    [Fact]
    public void The_description_names_the_rule_and_where_it_came_from()
        => Assert.Equal($"condition rule 'method=Find => host=10.*' of {Routes.Key}", Router("method=Find => host=10.*").Description);

    [Fact]
    public void An_exception_while_matching_keeps_every_provider_and_is_logged()
    {
        var logger = new ListLogger();
        var router = Router("arguments[0]=x => host=10.0.0.1", force: true, logger: logger);
        var providers = Routes.Fleet();
        var call = new Invocation.Invocation(Routes.Service.FindMethod("Ping")!, new Unprintable());

        Assert.Same(providers, router.Route(providers, call));
        var entry = Assert.Single(logger.At(LogLevel.Warning));
        Assert.Contains("arguments[0]=x => host=10.0.0.1", entry.Message, StringComparison.Ordinal);
        Assert.IsType<InvalidOperationException>(entry.Exception);
    }

    /// <summary>A request whose text cannot be written, as a broken <see cref="object.ToString"/> in user code would be.</summary>
    private sealed class Unprintable
    {
        public override string ToString() => throw new InvalidOperationException("no text");
    }
}
