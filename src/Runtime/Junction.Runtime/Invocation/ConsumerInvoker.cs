namespace Junction.Invocation;

/// <summary>
/// The head of the consumer pipeline: stamps each call with its resolved timeout and the application name, then runs
/// consumer filters and the cluster. Per-method values are precomputed in arrays indexed by method. Attachments scoped
/// with <see cref="RpcContext.WithAttachment"/> (and the served call's request tag, when propagated) join the call here,
/// before routing reads them.
/// </summary>
internal sealed class ConsumerInvoker(TimeSpan[] timeoutsByMethod, string application, IInvoker next, bool propagateTag = false) : IInvoker, IAsyncDisposable
{
    public ValueTask<RpcResult> InvokeAsync(Invocation invocation)
    {
        if (invocation.Timeout == TimeSpan.Zero)
        {
            invocation.Timeout = timeoutsByMethod[invocation.Method.Index];
        }

        invocation.Application ??= application;
        if (RpcContext.HasOutgoing(propagateTag))
        {
            RpcContext.ApplyTo(invocation, propagateTag);
        }

        return next.InvokeAsync(invocation);
    }

    public ValueTask DisposeAsync() => next is IAsyncDisposable disposable ? disposable.DisposeAsync() : default;
}
