using Junction.Cluster;
using Junction.Routing;
using Junction.Runtime.Tests.Cluster;
using static Junction.Runtime.Tests.Routing.Chain.ChainKit;

namespace Junction.Runtime.Tests.Routing.Chain;

/// <summary>The chain: order, caching by what routers depend on, swaps applying to the next call, and the empty-result error.</summary>
public class RouterChainTests
{
    private static readonly Junction.Invocation.IProviderInvoker[] Four = [Provider(1), Provider(2), Provider(3), Provider(4)];

    [Fact]
    public void Routers_narrow_in_order_and_an_empty_result_stops_the_chain()
    {
        var first = new CountingRouter(RouteDependency.Invocation, 1, 2, 3);
        var second = new CountingRouter(RouteDependency.Invocation, 2, 3, 4);
        var chain = new RouterChain([first, second]);

        Assert.Equal("2,3", Hosts(chain.Route(Four, Call())));

        var empty = new CountingRouter(RouteDependency.Invocation);
        var after = new CountingRouter(RouteDependency.Invocation, 1);
        chain.Update([empty, after]);
        Assert.Empty(chain.Route(Four, Call()));
        Assert.Equal(0, after.Runs);
    }

    [Fact]
    public void A_chain_that_depends_only_on_the_providers_routes_once_per_provider_list()
    {
        var router = new CountingRouter(RouteDependency.None, 1, 3);
        var chain = new RouterChain([router]);

        var first = chain.Route(Four, Call("Read"));
        var second = chain.Route(Four, Call("Write"));
        Assert.Equal("1,3", Hosts(first));
        Assert.Same(first, second);
        Assert.Equal(1, router.Runs);

        // A new provider list (a registry push) routes afresh.
        Junction.Invocation.IProviderInvoker[] changed = [.. Four, Provider(5)];
        Assert.Equal("1,3", Hosts(chain.Route(changed, Call())));
        Assert.Equal(2, router.Runs);
    }

    [Fact]
    public void A_chain_that_reads_the_method_caches_per_method()
    {
        var router = new CountingRouter(RouteDependency.Method, 2);
        var chain = new RouterChain([router]);

        for (var i = 0; i < 3; i++)
        {
            chain.Route(Four, Call("Read"));
            chain.Route(Four, Call("Write"));
        }

        Assert.Equal(2, router.Runs);
    }

    [Fact]
    public void A_chain_that_reads_the_request_tag_caches_per_tag()
    {
        var router = new CountingRouter(RouteDependency.RequestTag, 2);
        var chain = new RouterChain([router]);

        chain.Route(Four, Call("Read", ("dubbo.tag", "gray")));
        chain.Route(Four, Call("Read", ("dubbo.tag", "gray")));
        Assert.Equal(1, router.Runs);
        chain.Route(Four, Call("Read", ("dubbo.tag", "blue")));
        chain.Route(Four, Call("Read", ("dubbo.tag", "blue"), ("dubbo.force.tag", "true")));
        chain.Route(Four, Call("Read"));
        Assert.Equal(4, router.Runs);
    }

    [Fact]
    public void A_router_that_reads_the_call_runs_on_every_call_and_so_does_a_user_router()
    {
        var rule = new CountingRouter(RouteDependency.None, 1, 2);
        var reader = new CountingRouter(RouteDependency.Invocation, 1);
        var chain = new RouterChain([rule, reader]);
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal("1", Hosts(chain.Route(Four, Call())));
        }

        Assert.Equal(5, reader.Runs);
        Assert.Equal(5, rule.Runs);
    }

    [Fact]
    public void An_update_applies_to_the_next_call_even_when_results_were_cached()
    {
        var chain = new RouterChain([new CountingRouter(RouteDependency.None, 1)]);
        Assert.Equal("1", Hosts(chain.Route(Four, Call())));
        var version = chain.Version;

        chain.Update([new CountingRouter(RouteDependency.None, 4)]);

        Assert.Equal("4", Hosts(chain.Route(Four, Call())));
        Assert.True(chain.Version > version);
    }

    [Fact]
    public void The_explanation_names_the_router_that_emptied_the_list_and_how_many_went_in()
    {
        var chain = new RouterChain([new CountingRouter(RouteDependency.None, 1, 2), new CountingRouter(RouteDependency.None, 4)]);

        var why = chain.ExplainEmpty(Four, Call());

        Assert.Equal("counting router keeping 4 received 2 provider(s) and kept none", why);
    }

    [Fact]
    public async Task A_call_that_routing_leaves_without_provider_fails_saying_which_router_and_how_many()
    {
        var providers = ClusterKit.Providers(Fault.None, Fault.None, Fault.None);
        var routers = new RouterChain([new CountingRouter(RouteDependency.None)]);
        await using var cluster = Clusters.Create(
            "failover", new StaticDirectory(ClusterKit.Service, providers), routers, new FirstLoadBalancer(), new ClusterSettings(),
            Clusters.ResolveRetries(ClusterKit.Service, null, 2), new ListLogger());

        var result = await cluster.InvokeAsync(Call());

        var error = Assert.IsType<RpcException>(result.Exception);
        Assert.Equal(RpcStatusCode.Unavailable, error.StatusCode);
        Assert.Contains("routing left no provider: counting router keeping  received 3 provider(s) and kept none", error.Message, StringComparison.Ordinal);
        Assert.All(providers, p => Assert.Empty(p.Arrivals));
    }
}
