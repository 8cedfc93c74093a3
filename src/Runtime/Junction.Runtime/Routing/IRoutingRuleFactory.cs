namespace Junction.Routing;

/// <summary>
/// A kind of routing rule the core does not know itself, such as the C# script rules of Junction.Scripting: it reads
/// rule documents stored under keys ending in <see cref="KeySuffix"/> and turns them into routers.
/// </summary>
public interface IRoutingRuleFactory
{
    /// <summary>The key suffix of this kind of rule, e.g. <c>.script-router</c>.</summary>
    string KeySuffix { get; }

    /// <summary>
    /// Builds the router for the document <paramref name="text"/> stored under <paramref name="key"/>; called when the
    /// rule arrives or changes, never on the call path. Returns null when the rule is disabled.
    /// </summary>
    /// <exception cref="RoutingRuleException">The document cannot be used; routing keeps the rule it had. (Any other
    /// exception is logged as the factory failing, and routing keeps the rule it had too.)</exception>
    IRouter? Create(string key, string text, RouteConsumer consumer);
}
