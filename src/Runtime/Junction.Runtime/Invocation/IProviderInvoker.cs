using Junction.Registry;

namespace Junction.Invocation;

/// <summary>An invoker bound to one provider (Dubbo's protocol invoker): what directories list and balancers pick.</summary>
public interface IProviderInvoker : IInvoker, IAsyncDisposable
{
    /// <summary>The provider this invoker calls.</summary>
    ServiceInstance Instance { get; }

    /// <summary>Whether the provider can take calls now (connection up, not read-only, circuit closed).</summary>
    bool IsAvailable { get; }

    /// <summary>The provider's live call statistics (what least-active, shortest-response and p2c balance on).</summary>
    ProviderStats Stats { get; }
}
