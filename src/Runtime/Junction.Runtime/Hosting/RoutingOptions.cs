using Junction.Configuration;
using Junction.Routing;

namespace Junction.Hosting;

/// <summary>
/// How consumers route calls (<c>AddJunction(o =&gt; o.Routing...)</c>): where rules come from, extra kinds of rules,
/// routers of your own, and whether a request tag travels to the next hop.
/// </summary>
public sealed class RoutingOptions
{
    /// <summary>
    /// Where condition, tag and script rules come from (Dubbo's config center); rules change at run time and apply to
    /// the next call. Default: none, so only rules given in code apply.
    /// </summary>
    public IConfigSource? ConfigSource { get; set; }

    /// <summary>Kinds of rules beyond condition and tag rules, such as Junction.Scripting's C# script rules.</summary>
    public IList<IRoutingRuleFactory> RuleFactories { get; } = new List<IRoutingRuleFactory>();

    /// <summary>Routers of your own; they run after the rule routers, in ascending <see cref="IRouter.Priority"/>.</summary>
    public IList<IRouter> Routers { get; } = new List<IRouter>();

    /// <summary>
    /// Carries the request tag (attachment <c>dubbo.tag</c>) a provider received to the calls it makes while serving
    /// the request, so a gray request stays gray across hops. Off by default, as in Dubbo, whose provider drops the tag.
    /// </summary>
    public bool PropagateTag { get; set; }

    /// <summary>
    /// How long a consumer's first provider list waits, from the moment its client is made, for the config source's
    /// first answer about the rules it watches (Dubbo's config-center timeout): first calls follow the rules stored, not
    /// only those read by the time the registry answered. Past it, calls go on without the rules not read yet, a
    /// warning says so, and they apply when the source answers; rules first watched later (the providers'
    /// application's, named by a list that came late) still get half a second. Default 3 s.
    /// </summary>
    public TimeSpan FirstRulesWait { get; set; } = Registry.RegistryDirectory.DefaultFirstRulesWait;

    internal void Validate()
    {
        if (FirstRulesWait <= TimeSpan.Zero || FirstRulesWait > TimeSpan.FromHours(1))
        {
            throw new InvalidOperationException($"RoutingOptions.FirstRulesWait is {FirstRulesWait}; it must be more than zero and at most {TimeSpan.FromHours(1)}.");
        }
    }

    internal void CopyTo(RoutingOptions to)
    {
        to.ConfigSource = ConfigSource;
        to.PropagateTag = PropagateTag;
        to.FirstRulesWait = FirstRulesWait;
        foreach (var factory in RuleFactories)
        {
            to.RuleFactories.Add(factory);
        }

        foreach (var router in Routers)
        {
            to.Routers.Add(router);
        }
    }
}
