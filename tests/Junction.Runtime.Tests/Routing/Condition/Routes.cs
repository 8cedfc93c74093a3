using Junction.Contracts;
using Junction.Generated.Junction_Runtime_Tests;
using Junction.Invocation;
using Junction.Registry;
using Junction.Routing;
using Junction.Routing.Condition;

namespace Junction.Runtime.Tests.Routing.Condition;

/// <summary>
/// A fixed fleet of four providers, a consumer, and calls of <see cref="IRouteProbe"/>, so a test states a rule and the
/// hosts it leaves:
/// <list type="table">
/// <item>10.0.0.1:20880 tcp, application=order, region=hangzhou, env=gray, version=1.0</item>
/// <item>10.0.0.2:20880 tcp, application=order, region=hangzhou, env=prod, version=2.0</item>
/// <item>10.1.0.3:20881 grpc, application=order, region=beijing, env=prod, version=1.0</item>
/// <item>192.168.1.4:20882 tcp, application=stock, region=shanghai, no env, version=2.0</item>
/// </list>
/// </summary>
internal static class Routes
{
    public const string Key = "com.acme.RouteProbe::.condition-router";

    /// <summary>Application shop-web on 10.0.0.5, region=hangzhou, env=gray, zone=10.0.*.</summary>
    public static readonly RouteConsumer Consumer = new("shop-web", "10.0.0.5", new Dictionary<string, string>
    {
        ["region"] = "hangzhou",
        ["env"] = "gray",
        ["zone"] = "10.0.*",
    });

    public static ServiceDescriptor Service => ContractRegistry.Get<IRouteProbe>();

    public static IProviderInvoker[] Fleet() =>
    [
        Provider("10.0.0.1", 20880, "tcp", ("application", "order"), ("region", "hangzhou"), ("env", "gray"), ("version", "1.0")),
        Provider("10.0.0.2", 20880, "tcp", ("application", "order"), ("region", "hangzhou"), ("env", "prod"), ("version", "2.0")),
        Provider("10.1.0.3", 20881, "grpc", ("application", "order"), ("region", "beijing"), ("env", "prod"), ("version", "1.0")),
        Provider("192.168.1.4", 20882, "tcp", ("application", "stock"), ("region", "shanghai"), ("version", "2.0")),
    ];

    public static RouteProvider Provider(string host, int port, string protocol, params (string Key, string Value)[] metadata)
        => new(new ServiceInstance(Service.ServiceKey, protocol, host, port) { Metadata = metadata.ToDictionary(m => m.Key, m => m.Value) });

    public static Invocation.Invocation Find(int id = 1, string? name = "alice", bool active = true, double score = 1.5)
        => new(RouteProbeDescriptor.Find, new RouteProbe_FindRequest(id, name, active, score));

    public static Invocation.Invocation SayHello() => new(RouteProbeDescriptor.SayHello, new RouteProbe_SayHelloRequest("bob"));

    public static Invocation.Invocation SayHi() => new(RouteProbeDescriptor.SayHi, new RouteProbe_SayHiRequest("bob"));

    public static Invocation.Invocation Ping() => new(RouteProbeDescriptor.Ping, Junction.Serialization.Empty.Instance);

    /// <summary>Routes the fleet through one rule; forced by default, so "no provider matches" shows as an empty result.</summary>
    public static string Hosts(string rule, Invocation.Invocation? call = null, bool force = true, RouteConsumer? consumer = null)
        => Hosts(new ConditionRouter(ConditionRule.Parse(rule, force), consumer ?? Consumer, "test").Route(Fleet(), call ?? Find()));

    /// <summary>The hosts of <paramref name="providers"/>, in order, comma-separated ("" for none).</summary>
    public static string Hosts(IProviderInvoker[] providers) => string.Join(",", providers.Select(p => p.Instance.Host));

    /// <summary>Runs <paramref name="routers"/> in sequence, as the chain does.</summary>
    public static IProviderInvoker[] Chain(IReadOnlyList<RuleRouter> routers, IProviderInvoker[] providers, Invocation.Invocation call)
    {
        // Indexed, not foreach: an interface enumerator would allocate and hide what the routers allocate.
        var result = providers;
        for (var i = 0; i < routers.Count; i++)
        {
            result = routers[i].Route(result, call);
        }

        return result;
    }
}
