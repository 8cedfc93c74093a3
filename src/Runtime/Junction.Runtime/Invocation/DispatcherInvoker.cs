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

    public DispatcherInvoker(ServiceDescriptor service, object implementation)
    {
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

            // Only a call with attachments becomes RpcContext's served call: setting an AsyncLocal costs an
            // allocation, and without attachments there is nothing to read or carry on.
            if (invocation.HasAttachments)
            {
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
            }
            else
            {
                pending = invocation.Method.InvokeHandlerAsync(_implementation, invocation.Request, invocation.CancellationToken);
            }
        }
        catch (Exception e)
        {
            return new ValueTask<RpcResult>(RpcResult.FromException(e));
        }

        return pending.IsCompletedSuccessfully
            ? new ValueTask<RpcResult>(RpcResult.FromValue(pending.Result))
            : AwaitAsync(pending);
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
