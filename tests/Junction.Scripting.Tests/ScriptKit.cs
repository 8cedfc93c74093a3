using Junction.Contracts;
using Junction.Generated.Junction_Scripting_Tests;
using Junction.Invocation;
using Junction.Registry;
using Junction.Routing;

namespace Junction.Scripting.Tests;

/// <summary>Providers, invocations and consumers for script rules to route.</summary>
internal static class ScriptKit
{
    public static readonly ServiceDescriptor Service = ContractRegistry.Get<IRouteProbe>();

    public static readonly RouteConsumer EastConsumer = new("shop", "10.0.0.1", new Dictionary<string, string> { ["region"] = "east" });

    /// <summary>Providers at 10.0.0.1, 10.0.0.2, … with regions east, west, east, west, … and <c>index</c> metadata.</summary>
    public static IProviderInvoker[] Providers(int count = 6)
    {
        var providers = new IProviderInvoker[count];
        for (var i = 0; i < count; i++)
        {
            var metadata = new Dictionary<string, string>
            {
                ["region"] = i % 2 == 0 ? "east" : "west",
                ["index"] = i.ToString(System.Globalization.CultureInfo.InvariantCulture),
            };
            providers[i] = new ProbeProvider(new ServiceInstance(Service.ServiceKey, "inproc", "10.0.0." + (i + 1), 20880) { Metadata = metadata });
        }

        return providers;
    }

    public static Invocation.Invocation Find(long userId, string region)
        => new(Service.FindMethod("Find")!, new RouteProbe_FindRequest(userId, region));

    public static Invocation.Invocation List(string category)
        => new(Service.FindMethod("List")!, new RouteProbe_ListRequest(category));

    /// <summary>The hosts of <paramref name="providers"/>, in order, for readable assertions.</summary>
    public static string Hosts(IEnumerable<IProviderInvoker> providers) => string.Join(",", providers.Select(p => p.Instance.Host));

    /// <summary>A rule document with the script as a YAML block.</summary>
    public static string Document(string script, string extra = "")
        => "configVersion: v3.0\nkey: shop\n" + extra + "script: |\n" + string.Join("\n", script.Split('\n').Select(line => "  " + line)) + "\n";
}
