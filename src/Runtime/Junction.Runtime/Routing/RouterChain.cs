using Junction.Invocation;

namespace Junction.Routing;

/// <summary>
/// Applies routers in order. With no routers the providers pass through untouched, with no allocation.
/// </summary>
public sealed class RouterChain
{
    private readonly IRouter[] _routers;

    /// <summary>A chain with no routers.</summary>
    public static RouterChain Empty { get; } = new([]);

    /// <summary>Creates a chain; routers are ordered by <see cref="IRouter.Priority"/>.</summary>
    public RouterChain(IEnumerable<IRouter> routers)
    {
        ArgumentNullException.ThrowIfNull(routers);
        _routers = [.. routers.OrderBy(r => r.Priority)];
    }

    /// <summary>Returns the providers the call may use.</summary>
    public IProviderInvoker[] Route(IProviderInvoker[] providers, Invocation.Invocation invocation)
    {
        var result = providers;
        foreach (var router in _routers)
        {
            result = router.Route(result, invocation);
        }

        return result;
    }
}
