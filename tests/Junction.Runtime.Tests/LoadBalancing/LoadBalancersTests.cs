using Junction.Invocation;
using Junction.LoadBalancing;

namespace Junction.Runtime.Tests.LoadBalancing;

/// <summary>Choosing balancers by name, and plugging in new ones.</summary>
public class LoadBalancersTests
{
    [Theory]
    [InlineData("random", typeof(RandomLoadBalance))]
    [InlineData("roundrobin", typeof(RoundRobinLoadBalance))]
    [InlineData("leastactive", typeof(LeastActiveLoadBalance))]
    [InlineData("consistenthash", typeof(ConsistentHashLoadBalance))]
    [InlineData("shortestresponse", typeof(ShortestResponseLoadBalance))]
    [InlineData("p2c", typeof(P2CLoadBalance))]
    [InlineData("adaptive", typeof(P2CLoadBalance))] // Dubbo's name for it
    [InlineData("LeastActive", typeof(LeastActiveLoadBalance))] // names are case-insensitive
    public void Each_built_in_name_creates_its_balancer(string name, Type expected)
    {
        Assert.IsType(expected, LoadBalancers.Create(name));
        Assert.Contains(name.ToLowerInvariant(), LoadBalancers.Names);
    }

    [Fact]
    public void Each_reference_gets_its_own_balancer()
        => Assert.NotSame(LoadBalancers.Create("roundrobin"), LoadBalancers.Create("roundrobin"));

    [Fact]
    public void An_unknown_name_is_refused_with_every_name_there_is()
    {
        var error = Assert.Throws<ArgumentException>(() => LoadBalancers.Create("fastest"));

        Assert.Contains("'fastest'", error.Message);
        foreach (var name in new[] { "random", "roundrobin", "leastactive", "consistenthash", "shortestresponse", "p2c", "adaptive" })
        {
            Assert.Contains(name, error.Message);
        }
    }

    [Fact]
    public void A_registered_balancer_is_created_by_its_name_in_any_case_and_listed()
    {
        var created = 0;
        LoadBalancers.Register("Test-First.Pick_1", () =>
        {
            created++;
            return new FirstProvider();
        });

        var balancer = LoadBalancers.Create("test-first.pick_1");
        LoadBalancers.Create("TEST-FIRST.PICK_1");

        Assert.IsType<FirstProvider>(balancer);
        Assert.Equal(2, created);
        Assert.Contains("test-first.pick_1", LoadBalancers.Names);
        Assert.Contains("test-first.pick_1", Assert.Throws<ArgumentException>(() => LoadBalancers.Create("nope")).Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("least active")]
    [InlineData("zone/aware")]
    [InlineData("héllo")]
    public void A_name_with_other_characters_is_refused_saying_which_are_allowed(string name)
    {
        var error = Assert.Throws<ArgumentException>(() => LoadBalancers.Register(name, () => new FirstProvider()));

        Assert.Contains("letters, digits, '-', '_' or '.'", error.Message);
        Assert.Contains("random", error.Message);
    }

    [Theory]
    [InlineData("random")]
    [InlineData("ADAPTIVE")]
    public void A_built_in_name_cannot_be_taken(string name)
    {
        var error = Assert.Throws<ArgumentException>(() => LoadBalancers.Register(name, () => new FirstProvider()));

        Assert.Contains("already exists", error.Message);
    }

    [Fact]
    public void A_name_cannot_be_registered_twice()
    {
        LoadBalancers.Register("test-twice", () => new FirstProvider());

        var error = Assert.Throws<ArgumentException>(() => LoadBalancers.Register("Test-Twice", () => new FirstProvider()));

        Assert.Contains("'test-twice' already exists", error.Message);
    }

    [Fact]
    public void A_factory_that_returns_null_is_reported_by_name()
    {
        LoadBalancers.Register("test-null", () => null!);

        var error = Assert.Throws<InvalidOperationException>(() => LoadBalancers.Create("test-null"));

        Assert.Contains("'test-null'", error.Message);
    }

    private sealed class FirstProvider : ILoadBalancer
    {
        public IProviderInvoker Select(IProviderInvoker[] providers, Invocation.Invocation invocation) => providers[0];
    }
}
