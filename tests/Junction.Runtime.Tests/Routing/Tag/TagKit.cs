using Junction.Invocation;
using Junction.Registry;
using Junction.Routing;
using Junction.Routing.Tag;
using Junction.Runtime.Tests.Cluster;

namespace Junction.Runtime.Tests.Routing.Tag;

/// <summary>Providers at IP addresses with metadata, calls with attachments, and routing that answers with provider names.</summary>
internal static class TagKit
{
    public const string RuleKey = "demo-provider.tag-router";

    /// <summary>A provider named <paramref name="name"/> at <paramref name="address"/> (<c>host:port</c>, IPv6 as <c>[addr]:port</c>).</summary>
    public static TagProvider Provider(string name, string address, params (string Key, string Value)[] metadata)
    {
        var colon = address.LastIndexOf(':');
        var host = address[..colon].Trim('[', ']');
        var port = int.Parse(address[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        var instance = new ServiceInstance(ClusterKit.Service.ServiceKey, "tcp", host, port)
        {
            Metadata = metadata.ToDictionary(m => m.Key, m => m.Value),
        };
        return new TagProvider(name, instance);
    }

    /// <summary>A provider whose static tag is <paramref name="tag"/>.</summary>
    public static TagProvider Tagged(string name, string address, string tag) => Provider(name, address, ("dubbo.tag", tag));

    /// <summary>A call, with <c>dubbo.tag</c> / <c>dubbo.force.tag</c> attachments when given.</summary>
    public static Invocation.Invocation Call(string? tag = null, string? force = null)
    {
        var call = new Invocation.Invocation(ClusterKit.Method("Read"), 1);
        if (tag is not null)
        {
            call.Attachments["dubbo.tag"] = tag;
        }

        if (force is not null)
        {
            call.Attachments["dubbo.force.tag"] = force;
        }

        return call;
    }

    /// <summary>A consumer with the given <c>dubbo.tag</c> / <c>dubbo.force.tag</c> parameters.</summary>
    public static RouteConsumer Consumer(string? tag = null, string? force = null)
    {
        var parameters = new Dictionary<string, string>();
        if (tag is not null)
        {
            parameters["dubbo.tag"] = tag;
        }

        if (force is not null)
        {
            parameters["dubbo.force.tag"] = force;
        }

        return new RouteConsumer("demo-consumer", "10.9.9.9", parameters);
    }

    public static TagRouter Router(string? yaml = null, RouteConsumer? consumer = null)
        => new(consumer ?? Consumer(), yaml is null ? null : TagRuleDocument.Parse(RuleKey, yaml), RuleKey);

    /// <summary>The names of the providers <paramref name="router"/> keeps, in order, comma-separated.</summary>
    public static string RouteNames(this TagRouter router, IProviderInvoker[] providers, Invocation.Invocation call)
        => string.Join(",", router.Route(providers, call).Select(p => ((TagProvider)p).Name));

    /// <summary>A rule document with the given tags (YAML list items, indented under <c>tags:</c>).</summary>
    public static string Rule(string tags, bool force = false, string configVersion = "v3.0")
        => $"""
           configVersion: {configVersion}
           force: {(force ? "true" : "false")}
           enabled: true
           runtime: true
           priority: 1
           key: demo-provider
           tags:
           {tags}
           """;
}

/// <summary>A provider that is only ever routed, never called.</summary>
internal sealed class TagProvider(string name, ServiceInstance instance) : IProviderInvoker
{
    public string Name { get; } = name;

    public ServiceInstance Instance { get; } = instance;

    public bool IsAvailable => true;

    public ProviderStats Stats { get; } = new(0);

    public ValueTask<RpcResult> InvokeAsync(Invocation.Invocation invocation)
        => throw new InvalidOperationException($"routing tests never call a provider, but {Name} was called");

    public ValueTask DisposeAsync() => default;

    public override string ToString() => Name;
}
