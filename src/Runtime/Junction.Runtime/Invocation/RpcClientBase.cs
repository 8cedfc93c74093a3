using System.ComponentModel;
using System.Runtime.CompilerServices;
using Junction.Contracts;
using Junction.Serialization;

namespace Junction.Invocation;

/// <summary>
/// The base of every generated client proxy. A generated method builds its request message and calls one of these
/// helpers with its static <see cref="MethodDescriptor"/>; everything else happens in the consumer pipeline.
/// Dispose the proxy (it implements <see cref="IAsyncDisposable"/>) to release its provider connections.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class RpcClientBase : IAsyncDisposable
{
    private readonly IInvoker _invoker;

    /// <summary>Creates the proxy over a consumer pipeline.</summary>
    protected RpcClientBase(IInvoker invoker)
    {
        ArgumentNullException.ThrowIfNull(invoker);
        _invoker = invoker;
    }

    /// <summary>Calls a method whose response is a message.</summary>
    protected ValueTask<TResponse> InvokeAsync<TRequest, TResponse>(MethodDescriptor<TRequest, TResponse> method, TRequest request, CancellationToken cancellationToken)
        where TRequest : class
        where TResponse : class
    {
        var pending = _invoker.InvokeAsync(new Invocation(method, request, cancellationToken));
        return pending.IsCompletedSuccessfully
            ? new ValueTask<TResponse>((TResponse)Unwrap(pending.Result))
            : AwaitAsync<TResponse>(pending);
    }

    /// <summary>Calls a method whose result is wrapped in a generated single-field response message.</summary>
    protected ValueTask<TValue> InvokeValueAsync<TRequest, TResponse, TValue>(MethodDescriptor<TRequest, TResponse> method, TRequest request, CancellationToken cancellationToken)
        where TRequest : class
        where TResponse : class, IRpcValue<TResponse, TValue>
    {
        var pending = _invoker.InvokeAsync(new Invocation(method, request, cancellationToken));
        return pending.IsCompletedSuccessfully
            ? new ValueTask<TValue>(((TResponse)Unwrap(pending.Result)).Value)
            : AwaitValueAsync<TResponse, TValue>(pending);
    }

    /// <summary>Calls a method that returns nothing.</summary>
    protected ValueTask InvokeVoidAsync<TRequest>(MethodDescriptor<TRequest, Empty> method, TRequest request, CancellationToken cancellationToken)
        where TRequest : class
    {
        var pending = _invoker.InvokeAsync(new Invocation(method, request, cancellationToken));
        if (pending.IsCompletedSuccessfully)
        {
            Unwrap(pending.Result);
            return default;
        }

        return AwaitVoidAsync(pending);
    }

    /// <summary>Releases what the consumer pipeline holds (directory subscription, provider connections).</summary>
    public virtual ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return _invoker is IAsyncDisposable disposable ? disposable.DisposeAsync() : default;
    }

    // Pooled builders: a remote call almost never completes synchronously, and a fresh state machine per call would be
    // the largest allocation on the consumer's call path after the messages themselves.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<TResponse> AwaitAsync<TResponse>(ValueTask<RpcResult> pending)
        => (TResponse)Unwrap(await pending.ConfigureAwait(false));

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<TValue> AwaitValueAsync<TResponse, TValue>(ValueTask<RpcResult> pending)
        where TResponse : class, IRpcValue<TResponse, TValue>
        => ((TResponse)Unwrap(await pending.ConfigureAwait(false))).Value;

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private static async ValueTask AwaitVoidAsync(ValueTask<RpcResult> pending)
        => Unwrap(await pending.ConfigureAwait(false));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static object Unwrap(RpcResult result)
    {
        if (result.Exception is not null)
        {
            Throw(result.Exception);
        }

        return result.Value!;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Throw(Exception exception) => System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(exception);
}
