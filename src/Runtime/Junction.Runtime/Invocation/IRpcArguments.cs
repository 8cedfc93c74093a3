using System.ComponentModel;

namespace Junction.Invocation;

/// <summary>
/// Implemented by the request messages the generator synthesizes for methods with several (or non-message) parameters,
/// so routers and load balancers can read <c>arguments[N]</c> without reflection.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface IRpcArguments
{
    /// <summary>The number of arguments.</summary>
    int Count { get; }

    /// <summary>Returns argument <paramref name="index"/> (boxed for value types; used off the common path).</summary>
    object? GetArgument(int index);

    /// <summary>
    /// Writes argument <paramref name="index"/> as UTF-8 text for consistent hashing (see <see cref="RpcArgumentText"/>);
    /// false when <paramref name="destination"/> is too small. Generated messages implement it without boxing.
    /// </summary>
    bool TryFormatArgument(int index, Span<byte> destination, out int bytesWritten)
        => RpcArgumentText.TryFormatObject(GetArgument(index), destination, out bytesWritten);
}
