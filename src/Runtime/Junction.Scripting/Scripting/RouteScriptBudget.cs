using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace Junction.Scripting;

/// <summary>
/// Bounds the work of one route through a C# script rule. Compiled rules call it at every loop iteration, every
/// <c>goto</c> and every entry to the script, a local function or a lambda (see <see cref="RouteScriptBounds"/>); a script that passes
/// <see cref="StepLimit"/> steps in one route, or recurses until the stack runs low, fails that route with
/// <see cref="RouteScriptLimitException"/>, which the router treats like any script failure: the providers stay
/// unchanged and it is logged once. Without this, a rule with an endless loop pushed from the config center would hang
/// every call routed through it, and an endless recursion would end the process.
/// </summary>
/// <remarks>Public only because compiled rules call it; nothing else should.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class RouteScriptBudget
{
    /// <summary>
    /// Steps one route may take: ten million loop iterations, jumps and entries to the script, its local functions and
    /// lambdas, some tens of milliseconds of work. A rule over a thousand providers that compares each with each takes a million.
    /// </summary>
    public const int StepLimit = 10_000_000;

    // Per thread, because a route runs on the calling thread from start to end (the router consumes the script's
    // result before it returns), and calls route on many threads at once.
    [ThreadStatic]
    private static int t_steps;

    [ThreadStatic]
    private static int t_entries;

    [ThreadStatic]
    private static bool t_exceeded;

    /// <summary>Whether this route went past the budget: from then on the script's catch clauses let that through.</summary>
    public static bool Exceeded => t_exceeded;

    /// <summary>Counts a loop iteration or a <c>goto</c>.</summary>
    public static void Step()
    {
        if (++t_steps > StepLimit)
        {
            t_exceeded = true;
            throw new RouteScriptLimitException(
                $"the script took more than {StepLimit:N0} loop iterations, jumps and local function calls in one route; a loop or a recursion that never ends?");
        }
    }

    /// <summary>Counts an entry to the script, a local function or a lambda, and refuses to go deeper when the stack runs low.</summary>
    public static void Enter()
    {
        Step();

        // The stack is checked at every 16th entry only (entries, not steps: a recursion whose levels each took a multiple
        // of 16 steps would never land on a check): lambdas run once per provider, and the check costs more than the
        // count. So at most 15 frames pass unchecked, inside the 64 KB or more that the check keeps free unless a script
        // is built to make frames of kilobytes (stackalloc is refused; huge tuples of decimals are not).
        if ((++t_entries & 15) == 0 && !RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            t_exceeded = true;
            throw new RouteScriptLimitException("the script's local functions called themselves until the stack ran low; a recursion that never ends?");
        }
    }

    /// <summary>Starts the count of a new route on this thread.</summary>
    internal static void Reset()
    {
        t_steps = 0;
        t_entries = 0;
        t_exceeded = false;
    }
}

/// <summary>A script rule went past <see cref="RouteScriptBudget"/>'s bounds in one route.</summary>
public sealed class RouteScriptLimitException : Exception
{
    /// <summary>Creates the exception with its <paramref name="message"/>.</summary>
    public RouteScriptLimitException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its <paramref name="message"/> and the exception that hid the limit.</summary>
    public RouteScriptLimitException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
