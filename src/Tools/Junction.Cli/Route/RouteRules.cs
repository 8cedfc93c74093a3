using Junction.Invocation;
using Junction.Routing;
using Junction.Routing.Condition;

namespace Junction.Cli.Route;

/// <summary>
/// The routers of the rule under test, built by the runtime from the rule text or YAML document, and run in sequence as
/// a consumer runs them: each router's output is the next one's input, and routing stops once no provider is left.
/// </summary>
internal sealed class RouteRules
{
    private readonly IReadOnlyList<RuleRouter> _routers;

    private RouteRules(IReadOnlyList<RuleRouter> routers, string? note = null)
    {
        _routers = routers;
        Note = note;
    }

    /// <summary>The router of one condition rule given on the command line.</summary>
    /// <exception cref="RouteException">The rule does not parse; the message has the column.</exception>
    public static RouteRules FromRule(string text, bool force, RouteConsumer consumer)
    {
        ConditionRule rule;
        try
        {
            rule = ConditionRule.Parse(text, force);
        }
        catch (ConditionRuleException exception)
        {
            throw new RouteException("--rule: " + exception.Message);
        }

        return new RouteRules([new ConditionRouter(rule, consumer, "--rule")]);
    }

    /// <summary>The routers of a YAML condition-rule document.</summary>
    /// <exception cref="RouteException">The file is missing or the document cannot be used.</exception>
    public static RouteRules FromFile(string path, RouteConsumer consumer)
    {
        string yaml;
        try
        {
            yaml = File.ReadAllText(path);
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new RouteException($"--rule-file {path} does not exist.");
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new RouteException($"--rule-file {path} cannot be read: {exception.Message}");
        }

        IReadOnlyList<RuleRouter> routers;
        try
        {
            routers = ConditionRuleDocument.Parse(path, yaml, consumer);
        }
        catch (RoutingRuleException exception)
        {
            // The message names the file (the rule's key), the condition and, for a rule that does not parse, its column.
            throw new RouteException("--rule-file: " + exception.Message);
        }

        return new RouteRules(routers, routers.Count == 0 ? $"{path} is disabled (enabled: false), so it leaves every call its providers." : null);
    }

    /// <summary>Something to tell the user about the rules themselves, e.g. that a rule file is switched off; or null.</summary>
    public string? Note { get; }

    /// <summary>Routes the call; says why when a router left no provider.</summary>
    public RouteOutcome Route(IProviderInvoker[] providers, Invocation.Invocation invocation)
    {
        var current = providers;
        foreach (var router in _routers)
        {
            var next = router.Route(current, invocation);
            if (next.Length == 0 && current.Length > 0)
            {
                return new RouteOutcome(next, Explain(router));
            }

            current = next;
        }

        return new RouteOutcome(current, null);
    }

    /// <summary>Says which rule left no provider, and whether it is a blacklist or forced.</summary>
    private static string Explain(RuleRouter router) => router switch
    {
        ConditionRouter { Rule.IsBlacklist: true } => router.Description + " is a blacklist: its then part is blank or false, so the calls it matches get no provider.",
        MultiDestinationConditionRouter { Destinations.Count: 0 } => router.Description + " is a blacklist: it has no 'to', so the calls it matches get no provider.",
        ConditionRouter => router.Description + " is forced and its then part matches none of the providers; without force it would step aside and keep them.",
        MultiDestinationConditionRouter => router.Description + " is forced and none of its destinations matches a provider; without force it would step aside and keep them.",
        _ => router.Description + " selected none of the providers.",
    };
}

/// <summary>The providers a call may go to; when there are none, why.</summary>
/// <param name="Providers">The selected providers, a subset of the input.</param>
/// <param name="EmptyReason">Which rule left no provider and whether it was a blacklist or forced; null otherwise.</param>
internal readonly record struct RouteOutcome(IProviderInvoker[] Providers, string? EmptyReason);
