using System.Reflection;
using System.Runtime.Loader;

namespace Junction.Scripting;

/// <summary>
/// A collectible load context for one compiled rule, so a rule text that leaves the cache and every router can be
/// unloaded. Junction's own assemblies come from the context Junction.Scripting was loaded in, so the rule derives from
/// the same <see cref="RouteScriptContext"/> even when the application loads Junction in a context of its own.
/// </summary>
internal sealed class RouteScriptLoadContext() : AssemblyLoadContext("Junction route script", isCollectible: true)
{
    private static readonly Assembly Scripting = typeof(RouteScriptContext).Assembly;
    private static readonly Assembly Runtime = typeof(Junction.Registry.ServiceInstance).Assembly;

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        if (AssemblyName.ReferenceMatchesDefinition(assemblyName, Scripting.GetName()))
        {
            return Scripting;
        }

        return AssemblyName.ReferenceMatchesDefinition(assemblyName, Runtime.GetName()) ? Runtime : null;
    }
}
