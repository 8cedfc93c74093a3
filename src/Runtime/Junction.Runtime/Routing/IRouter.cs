using Junction.Invocation;

namespace Junction.Routing;

/// <summary>Narrows the providers a call may go to (Dubbo's StateRouter): condition, tag, script and user routers.</summary>
public interface IRouter
{
    /// <summary>Routers run in ascending priority order.</summary>
    int Priority { get; }

    /// <summary>Returns the providers the call may use; return <paramref name="providers"/> itself when nothing changes.</summary>
    IProviderInvoker[] Route(IProviderInvoker[] providers, Invocation.Invocation invocation);
}
