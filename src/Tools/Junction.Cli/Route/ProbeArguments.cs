using Junction.Invocation;

namespace Junction.Cli.Route;

/// <summary>
/// The request of a probe call: the <c>--argument</c> values as strings, read by condition rules as
/// <c>arguments[N]</c>. A rule like <c>arguments[0]=1~100</c> compares the text as an int range, as Dubbo does for a
/// String argument.
/// </summary>
internal sealed class ProbeArguments(string[] values) : IRpcArguments
{
    /// <inheritdoc />
    public int Count => values.Length;

    /// <inheritdoc />
    public object? GetArgument(int index) => values[index];
}
