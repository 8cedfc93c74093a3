using System.Runtime.CompilerServices;
using Junction.Invocation;

namespace Junction.Filters.Limits;

/// <summary>A slot a call holds while it runs (an executes or actives slot), given back when the call completes.</summary>
internal interface ICallSlot
{
    /// <summary>Gives back the slot a call of method <paramref name="method"/> (its index) held.</summary>
    void Release(int method);
}

/// <summary>Runs the rest of the chain while holding a slot, and gives the slot back however the call ends.</summary>
internal static class CallSlot
{
    /// <summary>
    /// Calls <paramref name="next"/> and releases <paramref name="slot"/> when the call completes: at once when it
    /// completes synchronously (nothing allocated), else when it completes later (a pooled state machine), also when
    /// the rest of the chain throws or fails.
    /// </summary>
    public static ValueTask<RpcResult> InvokeThenRelease<TSlot>(TSlot slot, Invocation.Invocation invocation, InvokerDelegate next)
        where TSlot : class, ICallSlot
    {
        var method = invocation.Method.Index;
        ValueTask<RpcResult> pending;
        try
        {
            pending = next(invocation);
        }
        catch (Exception e)
        {
            slot.Release(method);
            return new ValueTask<RpcResult>(RpcResult.FromException(e));
        }

        if (!pending.IsCompleted)
        {
            return AwaitThenRelease(slot, method, pending);
        }

        try
        {
            return new ValueTask<RpcResult>(pending.Result);
        }
        catch (Exception e)
        {
            return new ValueTask<RpcResult>(RpcResult.FromException(e));
        }
        finally
        {
            slot.Release(method);
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<RpcResult> AwaitThenRelease<TSlot>(TSlot slot, int method, ValueTask<RpcResult> pending)
        where TSlot : class, ICallSlot
    {
        try
        {
            return await pending.ConfigureAwait(false);
        }
        catch (Exception e)
        {
            return RpcResult.FromException(e);
        }
        finally
        {
            slot.Release(method);
        }
    }
}
