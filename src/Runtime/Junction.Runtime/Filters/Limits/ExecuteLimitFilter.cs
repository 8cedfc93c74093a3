using Junction.Contracts;
using Junction.Invocation;

namespace Junction.Filters.Limits;

/// <summary>
/// Dubbo's <c>executes</c> (ExecuteLimitFilter): at most N calls of each method of the service run at once on this
/// provider; a call over the cap is refused at once with ResourceExhausted, never queued (the consumer's cluster and
/// <c>actives</c> decide whether to wait or go elsewhere). The cap is the method's own
/// <see cref="Hosting.ServiceMethodOptions.Executes"/>, else the service's <see cref="Hosting.ServiceOptions.Executes"/>;
/// 0 is no cap, also for a method that sets 0 under a service that sets one.
/// </summary>
/// <remarks>
/// State is one counter per method, in arrays indexed by <see cref="MethodDescriptor.Index"/>; a slot is taken with a
/// compare-and-swap that never goes over the cap (an increment-then-undo would refuse calls while a slot is free) and
/// given back when the call completes, however it completes.
/// </remarks>
internal sealed class ExecuteLimitFilter : IFilter, ICallSlot
{
    private readonly ServiceDescriptor _service;
    private readonly int[] _limits;
    private readonly int[] _running;

    private ExecuteLimitFilter(ServiceDescriptor service, int[] limits)
    {
        _service = service;
        _limits = limits;
        _running = new int[limits.Length];
    }

    /// <summary>The filter of an export, or null when no method of it has a cap.</summary>
    public static ExecuteLimitFilter? Create(ProviderFilterContext context)
    {
        var limits = new int[context.Service.Methods.Count];
        var any = false;
        foreach (var method in context.Service.Methods)
        {
            var limit = context.ForMethod(method)?.Executes ?? context.Options.Executes;
            limits[method.Index] = limit;
            any |= limit > 0;
        }

        return any ? new ExecuteLimitFilter(context.Service, limits) : null;
    }

    /// <summary>Calls of <paramref name="method"/> running now.</summary>
    public int Running(MethodDescriptor method) => Volatile.Read(ref _running[method.Index]);

    public ValueTask<RpcResult> InvokeAsync(Invocation.Invocation invocation, InvokerDelegate next)
    {
        var method = invocation.Method;

        // A method of another service is the dispatcher's to refuse.
        var limit = ReferenceEquals(method.Service, _service) ? _limits[method.Index] : 0;
        if (limit <= 0)
        {
            return next(invocation);
        }

        ref var running = ref _running[method.Index];
        var current = Volatile.Read(ref running);
        while (true)
        {
            if (current >= limit)
            {
                return new ValueTask<RpcResult>(RpcResult.FromException(Refused(method, limit)));
            }

            var seen = Interlocked.CompareExchange(ref running, current + 1, current);
            if (seen == current)
            {
                return CallSlot.InvokeThenRelease(this, invocation, next);
            }

            current = seen;
        }
    }

    void ICallSlot.Release(int method) => Interlocked.Decrement(ref _running[method]);

    private static RpcException Refused(MethodDescriptor method, int limit)
        => new(
            RpcStatusCode.ResourceExhausted,
            $"{method.FullName} was refused: {limit} call(s) of {method.Name} are already running on this provider of {method.Service.ServiceKey}, " +
            $"its executes limit. Raise it on the export (ServiceOptions.Executes, or Methods[\"{method.Name}\"].Executes for this method), " +
            "add providers, or call again later.");
}
