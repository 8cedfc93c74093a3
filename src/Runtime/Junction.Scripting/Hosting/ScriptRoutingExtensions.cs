using Junction.Scripting;
using Microsoft.Extensions.Logging;

namespace Junction.Hosting;

/// <summary>Turns on C# script rules for <see cref="JunctionOptions"/>.</summary>
public static class ScriptRoutingExtensions
{
    /// <summary>
    /// Reads rules stored under <c>{application}.script-router</c> as C# script rules (<see cref="ScriptRouterFactory"/>).
    /// Failures of scripts at run time are logged through <paramref name="loggerFactory"/>.
    /// </summary>
    public static JunctionOptions UseScriptRouting(this JunctionOptions options, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Routing.RuleFactories.Add(new ScriptRouterFactory(loggerFactory));
        return options;
    }
}
