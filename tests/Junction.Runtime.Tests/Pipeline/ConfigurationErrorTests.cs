using Junction.Contracts;
using Junction.Hosting;
using Junction.Registry;
using Microsoft.Extensions.DependencyInjection;

namespace Junction.Runtime.Tests.Pipeline;

/// <summary>A misconfigured reference fails when it is made, with a message naming the bad value and the good ones.</summary>
public class ConfigurationErrorTests
{
    public static TheoryData<string, Action<ReferenceOptions>, string[]> BadReferences() => new()
    {
        { "an unknown load balancer", r => r.LoadBalance = "fastest", ["'fastest'", "random", "roundrobin"] },
        { "an unknown cluster", r => r.Cluster = "forking-soon", ["'forking-soon'", "failover", "failfast"] },
        { "a protocol the contract does not list", r => r.Protocol = "grpc", ["'grpc'", "inproc"] },
        { "settings for a method the contract lacks", r => r.Methods["Where"] = new MethodOptions(), ["'Where'", "Who"] },
        { "an unknown load balancer on a method", r => r.Methods["Who"] = new MethodOptions { LoadBalance = "fastest" }, ["method Who", "'fastest'", "roundrobin"] },
        { "an unknown cluster on a method", r => r.Methods["WhoAsync"] = new MethodOptions { Cluster = "nope" }, ["method Who", "'nope'", "failover"] },
        { "a zero timeout on a method", r => r.Methods["Who"] = new MethodOptions { TimeoutMs = 0 }, ["method Who", "TimeoutMs = 0"] },
        { "negative retries on a method", r => r.Methods["Who"] = new MethodOptions { Retries = -1 }, ["method Who", "Retries = -1"] },
        { "negative actives", r => r.Actives = -1, ["Actives = -1"] },
        { "negative actives on a method", r => r.Methods["Who"] = new MethodOptions { Actives = -2 }, ["method Who", "Actives = -2"] },
    };

    [Theory]
    [MemberData(nameof(BadReferences))]
    public void A_client_made_without_dependency_injection_rejects_a_bad_reference(string what, Action<ReferenceOptions> misconfigure, string[] mentions)
    {
        var options = new JunctionClientOptions { Registry = new InMemoryRegistry() };
        misconfigure(options);

        var error = Assert.Throws<InvalidOperationException>(() => JunctionClient.Create<IWhoProbe>(options));

        Assert.All(mentions, m => Assert.True(error.Message.Contains(m, StringComparison.Ordinal), $"{what}: \"{error.Message}\" does not mention {m}"));
    }

    [Theory]
    [MemberData(nameof(BadReferences))]
    public void AddRpcClient_rejects_a_bad_reference_when_it_is_registered(string what, Action<ReferenceOptions> misconfigure, string[] mentions)
    {
        var services = new ServiceCollection();
        var junction = services.AddJunction(o => o.UseRegistry(new InMemoryRegistry()));

        var error = Assert.Throws<InvalidOperationException>(() => junction.AddRpcClient<IWhoProbe>(misconfigure));

        Assert.All(mentions, m => Assert.True(error.Message.Contains(m, StringComparison.Ordinal), $"{what}: \"{error.Message}\" does not mention {m}"));
    }

    [Fact]
    public void An_interface_without_generated_code_fails_with_FailedPrecondition_naming_it_and_the_package()
    {
        var error = Assert.Throws<RpcException>(() => ContractRegistry.Get(typeof(INotAContract)));

        Assert.Equal(RpcStatusCode.FailedPrecondition, error.StatusCode);
        Assert.Contains(typeof(INotAContract).FullName!, error.Message, StringComparison.Ordinal);
        Assert.Contains("Junction.Analyzers", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Creating_a_client_of_an_interface_without_generated_code_fails_the_same_way()
    {
        var error = Assert.Throws<RpcException>(() => JunctionClient.Create<INotAContract>(new JunctionClientOptions { Registry = new InMemoryRegistry() }));

        Assert.Equal(RpcStatusCode.FailedPrecondition, error.StatusCode);
        Assert.Contains(typeof(INotAContract).FullName!, error.Message, StringComparison.Ordinal);
    }
}
