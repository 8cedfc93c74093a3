using Junction.Invocation;

namespace Junction.Filters;

/// <summary>Builds an invoker that runs filters in order before a terminal invoker.</summary>
public static class FilterChain
{
    /// <summary>
    /// Wraps <paramref name="terminal"/> in <paramref name="filters"/> (the first filter runs first). With no filters the
    /// terminal invoker is returned as is, so an empty chain costs nothing.
    /// </summary>
    public static IInvoker Build(IReadOnlyList<IFilter> filters, IInvoker terminal)
    {
        ArgumentNullException.ThrowIfNull(filters);
        ArgumentNullException.ThrowIfNull(terminal);
        var next = terminal;
        for (var i = filters.Count - 1; i >= 0; i--)
        {
            next = new FilterInvoker(filters[i], next);
        }

        return next;
    }

    private sealed class FilterInvoker : IInvoker, IAsyncDisposable
    {
        private readonly IFilter _filter;
        private readonly IInvoker _next;
        private readonly InvokerDelegate _nextDelegate;

        public FilterInvoker(IFilter filter, IInvoker next)
        {
            _filter = filter;
            _next = next;
            _nextDelegate = next.InvokeAsync;
        }

        public ValueTask<RpcResult> InvokeAsync(Invocation.Invocation invocation)
        {
            try
            {
                return _filter.InvokeAsync(invocation, _nextDelegate);
            }
            catch (Exception e)
            {
                return new ValueTask<RpcResult>(RpcResult.FromException(e));
            }
        }

        public ValueTask DisposeAsync() => _next is IAsyncDisposable disposable ? disposable.DisposeAsync() : default;
    }
}
