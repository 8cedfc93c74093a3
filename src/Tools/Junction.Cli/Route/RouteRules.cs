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

    private RouteRules(IReadOnlyList<RuleRouter> routers) => _routers = routers;

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

        try
        {
            return new RouteRules(ConditionRuleDocument.Parse(Path.GetFileName(path), yaml, consumer));
        }
        catch (FormatException exception)
        {
            // RoutingRuleException names the document; a ConditionRuleException inside it has the column.
            throw new RouteException($"--rule-file {path}: {exception.Message}");
        }
    }

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

    private static string Explain(RuleRouter router) => router.Description;
}

/// <summary>The providers a call may go to; when there are none, why.</summary>
/// <param name="Providers">The selected providers, a subset of the input.</param>
/// <param name="EmptyReason">Which rule left no provider and whether it was a blacklist or forced; null otherwise.</param>
internal readonly record struct RouteOutcome(IProviderInvoker[] Providers, string? EmptyReason);
