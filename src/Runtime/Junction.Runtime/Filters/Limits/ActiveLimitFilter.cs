using Junction.Contracts;
using Junction.Invocation;
using Junction.Registry;

namespace Junction.Filters.Limits;

/// <summary>
/// Dubbo's <c>actives</c> (ActiveLimitFilter), around each attempt on one provider: at most N calls of each method in
/// flight to that provider (<see cref="Hosting.MethodOptions.Actives"/>, else <see cref="Hosting.ReferenceOptions.Actives"/>;
/// 0 is no cap). A call over the cap waits, without holding a thread and in order of arrival, for a finishing call to
/// hand it a slot, up to the call's timeout and until the caller cancels; then it fails with ResourceExhausted.
/// </summary>
/// <remarks>
/// Dubbo waits up to the method's <c>timeout</c> parameter, whose default there is 0, and <c>wait(0)</c> waits for
/// ever, then fails even when woken (a quirk). Here the wait is bounded by the attempt's resolved timeout
/// (<see cref="Invocation.Invocation.Timeout"/>, always positive in a consumer pipeline); a call with no timeout
/// (zero) waits until a slot frees or the caller cancels, and then runs. The attempt's own deadline starts when it is
/// sent, as in Dubbo, so a call may wait up to its timeout and then run for up to its timeout again.
/// </remarks>
internal sealed class ActiveLimitFilter : IFilter
{
    private readonly ServiceDescriptor _service;
    private readonly ActiveSlots?[] _slots;
    private readonly string _provider;
    private readonly TimeProvider _time;

    private ActiveLimitFilter(ServiceDescriptor service, ActiveSlots?[] slots, string provider, TimeProvider time)
    {
        _service = service;
        _slots = slots;
        _provider = provider;
        _time = time;
    }

    /// <summary>The filter of the attempts on <paramref name="provider"/>, or null when no method has a cap.</summary>
    public static ActiveLimitFilter? Create(ConsumerFilterContext context, ServiceInstance provider)
    {
        var slots = new ActiveSlots?[context.Service.Methods.Count];
        var any = false;
        foreach (var method in context.Service.Methods)
        {
            var limit = context.Reference.ForMethod(method)?.Actives ?? context.Reference.Actives;
            if (limit > 0)
            {
                slots[method.Index] = new ActiveSlots(limit);
                any = true;
            }
        }

        return any ? new ActiveLimitFilter(context.Service, slots, provider.ToString(), context.Time) : null;
    }

    /// <summary>The slots of <paramref name="method"/>, or null when it has no cap.</summary>
    public ActiveSlots? SlotsOf(MethodDescriptor method) => _slots[method.Index];

    public ValueTask<RpcResult> InvokeAsync(Invocation.Invocation invocation, InvokerDelegate next)
    {
        var method = invocation.Method;
        var slots = ReferenceEquals(method.Service, _service) ? _slots[method.Index] : null;
        if (slots is null)
        {
            return next(invocation);
        }

        return slots.TryEnter()
            ? CallSlot.InvokeThenRelease(slots, invocation, next)
            : WaitThenInvokeAsync(slots, invocation, next);
    }

    private async ValueTask<RpcResult> WaitThenInvokeAsync(ActiveSlots slots, Invocation.Invocation invocation, InvokerDelegate next)
    {
        var started = _time.GetTimestamp();
        try
        {
            if (!await slots.WaitAsync(invocation.Timeout, _time, invocation.CancellationToken).ConfigureAwait(false))
            {
                return RpcResult.FromException(TimedOut(invocation, slots.Limit, _time.GetElapsedTime(started)));
            }
        }
        catch (OperationCanceledException)
        {
            return RpcResult.FromException(new RpcException(
                RpcStatusCode.Cancelled,
                $"{invocation.Method.FullName} was cancelled by the caller while it waited for one of the {slots.Limit} slot(s) to provider {_provider} (actives)."));
        }

        return await CallSlot.InvokeThenRelease(slots, invocation, next).ConfigureAwait(false);
    }

    private RpcException TimedOut(Invocation.Invocation invocation, int limit, TimeSpan waited)
    {
        var method = invocation.Method;
        return new RpcException(
            RpcStatusCode.ResourceExhausted,
            $"{method.FullName}: waited {waited.TotalMilliseconds:0} ms for one of the {limit} slot(s) to provider {_provider} (actives = {limit}); " +
            $"every slot stayed busy. Raise the limit (ReferenceOptions.Actives, or Methods[\"{method.Name}\"].Actives for this method), " +
            "raise the timeout, or add providers.");
    }
}
