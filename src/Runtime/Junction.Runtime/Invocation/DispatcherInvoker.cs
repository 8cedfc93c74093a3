using Junction.Contracts;

namespace Junction.Invocation;

/// <summary>
/// The last step of the provider chain: calls the implementation through the generated handler of the invoked method.
/// Exceptions come back in the result unchanged so provider filters see them; the protocol maps them for the wire.
/// </summary>
internal sealed class DispatcherInvoker : IInvoker
{
    private readonly ServiceDescriptor _service;
    private readonly object _implementation;
    private readonly bool _alwaysServed;

    /// <param name="service">The service.</param>
    /// <param name="implementation">Its implementation.</param>
    /// <param name="propagateDeadline">
    /// Whether every call becomes <see cref="RpcContext"/>'s served call, so the calls its implementation makes get the
    /// time it has left; otherwise only calls with attachments do.
    /// </param>
    public DispatcherInvoker(ServiceDescriptor service, object implementation, bool propagateDeadline = false)
    {
        _alwaysServed = propagateDeadline;
        if (!service.ContractType.IsInstanceOfType(implementation))
        {
            throw new ArgumentException($"{implementation.GetType().FullName} does not implement {service.ContractType.FullName}.", nameof(implementation));
        }

        _service = service;
        _implementation = implementation;
    }

    public ValueTask<RpcResult> InvokeAsync(Invocation invocation)
    {
        ValueTask<object> pending;
        try
        {
            if (!ReferenceEquals(invocation.Method.Service, _service))
            {
                return new ValueTask<RpcResult>(RpcResult.FromException(RpcErrors.UnknownMethod(_service, invocation.Method.Name)));
            }

            // Only a call with attachments (or, when deadlines propagate, every call) becomes RpcContext's served
            // call: setting an AsyncLocal costs an allocation, and without attachments there is nothing to read or
            // carry on, and nobody reading response attachments.
            if (invocation.HasAttachments || _alwaysServed)
            {
                invocation.ServedSince = System.Diagnostics.Stopwatch.GetTimestamp();
                var previous = RpcContext.EnterServed(invocation);
                try
                {
                    pending = invocation.Method.InvokeHandlerAsync(_implementation, invocation.Request, invocation.CancellationToken);
                }
                finally
                {
                    // The handler captured the context on entry; the caller (a protocol's read loop) must not keep it.
                    RpcContext.ExitServed(previous);
                }

                if (pending.IsCompletedSuccessfully)
                {
                    invocation.EndServing();
                    return new ValueTask<RpcResult>(RpcResult.FromValue(pending.Result, invocation.ResponseAttachments));
                }

                return AwaitServedAsync(pending, invocation);
            }

            pending = invocation.Method.InvokeHandlerAsync(_implementation, invocation.Request, invocation.CancellationToken);
        }
        catch (Exception e)
        {
            invocation.EndServing();
            return new ValueTask<RpcResult>(RpcResult.FromException(e));
        }

        return pending.IsCompletedSuccessfully
            ? new ValueTask<RpcResult>(RpcResult.FromValue(pending.Result))
            : AwaitAsync(pending);
    }

    private static async ValueTask<RpcResult> AwaitServedAsync(ValueTask<object> pending, Invocation invocation)
    {
        try
        {
            return RpcResult.FromValue(await pending.ConfigureAwait(false), invocation.ResponseAttachments);
        }
        catch (Exception e)
        {
            return RpcResult.FromException(e, invocation.ResponseAttachments);
        }
        finally
        {
            invocation.EndServing();
        }
    }

    private static async ValueTask<RpcResult> AwaitAsync(ValueTask<object> pending)
    {
        try
        {
            return RpcResult.FromValue(await pending.ConfigureAwait(false));
        }
        catch (Exception e)
        {
            return RpcResult.FromException(e);
        }
    }
}
