using Junction.Invocation;

namespace Junction.Routing.Condition;

/// <summary>
/// What a router worked out for one provider array, kept until a different array arrives. Directories and earlier routers
/// hand out the same array until the providers change, so one entry is enough; the holder is immutable and swapped as a
/// whole, so a reader never sees an input paired with another input's result.
/// </summary>
/// <typeparam name="T">What was worked out from <see cref="Input"/>.</typeparam>
internal sealed class RouteMemo<T>(IProviderInvoker[] input, T value)
    where T : class
{
    /// <summary>The provider array the value was worked out from (compared by reference).</summary>
    public IProviderInvoker[] Input { get; } = input;

    /// <summary>The result for <see cref="Input"/>.</summary>
    public T Value { get; } = value;

    /// <summary>The memoized value when <paramref name="memo"/> was made from <paramref name="providers"/>, else null.</summary>
    public static T? Find(RouteMemo<T>? memo, IProviderInvoker[] providers)
        => memo is not null && ReferenceEquals(memo.Input, providers) ? memo.Value : null;
}
