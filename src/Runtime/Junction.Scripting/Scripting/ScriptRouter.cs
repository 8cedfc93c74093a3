using System.Collections.Concurrent;
using Junction.Invocation;
using Junction.Routing;
using Microsoft.Extensions.Logging;

namespace Junction.Scripting;

/// <summary>
/// Routes with a compiled C# script: the script chooses among the providers' instances and the router keeps the
/// providers chosen, in their order. A script that throws (or returns null) changes nothing, as in Dubbo's script
/// router; each kind of failure is logged once per rule, not once per call.
/// </summary>
internal sealed class ScriptRouter : IRouter
{
    private readonly CompiledRouteScript _script;
    private readonly RouteConsumer _consumer;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<Type, bool> _reported = new();
    private RouteScriptContext? _spare;

    public ScriptRouter(string ruleKey, CompiledRouteScript script, RouteConsumer consumer, int priority, ILogger logger)
    {
        RuleKey = ruleKey;
        _script = script;
        _consumer = consumer;
        Priority = priority;
        _logger = logger;
        _spare = script.NewContext();
    }

    /// <summary>The key of the rule, named in every report.</summary>
    public string RuleKey { get; }

    /// <inheritdoc />
    public int Priority { get; }

    /// <inheritdoc />
    public IProviderInvoker[] Route(IProviderInvoker[] providers, Invocation.Invocation invocation)
    {
        if (providers.Length == 0)
        {
            return providers;
        }

        // One context is kept for the next call; calls that overlap make their own.
        var context = Interlocked.Exchange(ref _spare, null) ?? _script.NewContext();
        try
        {
            var chosen = context.Run(providers, invocation, _consumer);
            if (chosen is null)
            {
                Report(new InvalidOperationException("The script returned null instead of the chosen providers."));
                return providers;
            }

            return context.Candidates.Retain(chosen);
        }
        catch (Exception e)
        {
            // Past its budget, a script's finally block may throw something else on the way out: report the limit.
            Report(RouteScriptBudget.Exceeded && e is not RouteScriptLimitException
                ? new RouteScriptLimitException("the script went past its budget (a loop or a recursion that never ends?), then threw " + e.GetType().Name + " while unwinding", e)
                : e);
            return providers;
        }
        finally
        {
            context.Release();
            Volatile.Write(ref _spare, context);
        }
    }

    private void Report(Exception e)
    {
        if (_reported.TryAdd(e.GetType(), true))
        {
            _logger.LogWarning(
                e,
                "Script routing rule {RuleKey} failed with {ExceptionType}; calls it fails for keep all their providers (logged once per rule and kind of exception)",
                RuleKey,
                e.GetType().Name);
        }
    }

    /// <inheritdoc />
    public override string ToString() => "C# script rule of " + RuleKey;
}
