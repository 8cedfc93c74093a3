namespace Junction.Scripting;

/// <summary>
/// The outcome of compiling one script text: a factory of contexts that run it, or why it cannot be used (without the
/// rule key, since the same text may arrive under several keys). Shared by every rule with the same text.
/// </summary>
internal sealed class CompiledRouteScript
{
    private readonly Func<RouteScriptContext>? _create;

    private CompiledRouteScript(Func<RouteScriptContext>? create, string? problem)
    {
        _create = create;
        Problem = problem;
    }

    /// <summary>Why the script cannot be used (it does not compile or is refused); null when it compiled.</summary>
    public string? Problem { get; }

    /// <summary>A script that compiled.</summary>
    public static CompiledRouteScript Compiled(Func<RouteScriptContext> create) => new(create, null);

    /// <summary>A script that cannot be used, and why.</summary>
    public static CompiledRouteScript Failed(string problem) => new(null, problem);

    /// <summary>A new context that runs the script.</summary>
    public RouteScriptContext NewContext()
        => _create is { } create ? create() : throw new InvalidOperationException("The script did not compile: " + Problem);
}
