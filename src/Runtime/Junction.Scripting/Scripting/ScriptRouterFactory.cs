using Junction.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Junction.Scripting;

/// <summary>
/// Dubbo's script rules (<c>{application}.script-router</c>) with the script written in C#. The script is the body of a
/// method that sees <see cref="RouteScriptContext"/>'s members and returns the providers the call may use, e.g.
/// <code>
/// configVersion: v3.0
/// key: shop
/// type: csharp
/// enabled: true
/// script: |
///   var region = Consumer.Parameters["region"];
///   return Providers.Where(p => p.Metadata.TryGetValue("region", out var r) &amp;&amp; r == region);
/// </code>
/// or a single expression without <c>return</c>. Each distinct script text is compiled once, when a rule with it
/// arrives, never on the call path; a script that uses files, the network, reflection, processes, threads or the
/// environment is refused when compiled.
/// </summary>
public sealed class ScriptRouterFactory : IRoutingRuleFactory
{
    private readonly ILogger _logger;

    /// <summary>Creates the factory; failures of scripts at run time are logged through <paramref name="loggerFactory"/>.</summary>
    public ScriptRouterFactory(ILoggerFactory? loggerFactory = null)
    {
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Junction.Scripting.ScriptRouter");
    }

    /// <inheritdoc />
    public string KeySuffix => ".script-router";

    /// <inheritdoc />
    public IRouter? Create(string key, string text, RouteConsumer consumer)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(consumer);
        var rule = ScriptRule.Parse(key, text);
        return rule.Enabled ? Build(key, rule.Script, consumer, rule.Priority) : null;
    }

    /// <summary>
    /// Compiles a script rule given in code (the <c>script</c> of a rule document) into a router, e.g. for
    /// <c>options.Routing.Routers</c> or a test.
    /// </summary>
    /// <param name="ruleId">Names the rule in errors and logs.</param>
    /// <param name="script">The C# statements or expression.</param>
    /// <param name="consumer">What the script sees as <see cref="RouteScriptContext.Consumer"/>; by default an unnamed application on this host.</param>
    /// <param name="priority">The router's <see cref="IRouter.Priority"/>.</param>
    /// <exception cref="RoutingRuleException">The script does not compile or is refused; the message names the line and column.</exception>
    public IRouter Compile(string ruleId, string script, RouteConsumer? consumer = null, int priority = 0)
    {
        ArgumentNullException.ThrowIfNull(ruleId);
        ArgumentNullException.ThrowIfNull(script);
        return Build(ruleId, script, consumer ?? new RouteConsumer("", RouteConsumer.LocalHost()), priority);
    }

    private ScriptRouter Build(string key, string script, RouteConsumer consumer, int priority)
    {
        var compiled = RouteScriptCompiler.Compile(script);
        if (compiled.Problem is { } problem)
        {
            throw new RoutingRuleException(key, problem);
        }

        return new ScriptRouter(key, compiled, consumer, priority, _logger);
    }
}
