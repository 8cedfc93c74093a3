using System.ComponentModel;
using Junction.Serialization;

namespace Junction.Invocation;

/// <summary>Adapters generated dispatchers use to turn an implementation's return value into a response message.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class ServerCall
{
    /// <summary>Adapts a method that returns nothing.</summary>
    public static ValueTask<Empty> Void(Task task)
    {
        if (task.IsCompletedSuccessfully)
        {
            return new ValueTask<Empty>(Empty.Instance);
        }

        return AwaitVoid(task);
    }

    /// <summary>Adapts a method that returns nothing.</summary>
    public static ValueTask<Empty> Void(ValueTask task)
    {
        if (task.IsCompletedSuccessfully)
        {
            task.GetAwaiter().GetResult();
            return new ValueTask<Empty>(Empty.Instance);
        }

        return AwaitVoid(task);
    }

    /// <summary>Adapts a method whose result is wrapped in a single-field response message.</summary>
    public static ValueTask<TResponse> Wrap<TValue, TResponse>(Task<TValue> task)
        where TResponse : class, IRpcValue<TResponse, TValue>
        => task.IsCompletedSuccessfully ? new ValueTask<TResponse>(TResponse.Create(task.Result)) : AwaitWrap<TValue, TResponse>(task);

    /// <summary>Adapts a method whose result is wrapped in a single-field response message.</summary>
    public static ValueTask<TResponse> Wrap<TValue, TResponse>(ValueTask<TValue> task)
        where TResponse : class, IRpcValue<TResponse, TValue>
        => task.IsCompletedSuccessfully ? new ValueTask<TResponse>(TResponse.Create(task.Result)) : AwaitWrap<TValue, TResponse>(task);

    private static async ValueTask<Empty> AwaitVoid(Task task)
    {
        await task.ConfigureAwait(false);
        return Empty.Instance;
    }

    private static async ValueTask<Empty> AwaitVoid(ValueTask task)
    {
        await task.ConfigureAwait(false);
        return Empty.Instance;
    }

    private static async ValueTask<TResponse> AwaitWrap<TValue, TResponse>(Task<TValue> task)
        where TResponse : class, IRpcValue<TResponse, TValue>
        => TResponse.Create(await task.ConfigureAwait(false));

    private static async ValueTask<TResponse> AwaitWrap<TValue, TResponse>(ValueTask<TValue> task)
        where TResponse : class, IRpcValue<TResponse, TValue>
        => TResponse.Create(await task.ConfigureAwait(false));
}
