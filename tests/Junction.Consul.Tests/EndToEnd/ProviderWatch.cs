using Junction.Invocation;
using Junction.Registry;
using Junction.Routing;

namespace Junction.Consul.Tests.EndToEnd;

/// <summary>
/// A pass-through router on the consumer: records the providers the consumer's directory offered to the last call, so
/// a test sees what the consumer holds (weight, metadata, which providers) without reaching into the runtime.
/// </summary>
internal sealed class ProviderWatch : IRouter
{
    private volatile IProviderInvoker[] _last = [];

    public int Priority => int.MaxValue;

    /// <summary>The providers the last call could choose from.</summary>
    public IReadOnlyList<ServiceInstance> Providers => Array.ConvertAll(_last, p => p.Instance);

    /// <summary>The application names (= provider names in these tests) of <see cref="Providers"/>, sorted.</summary>
    public IReadOnlyList<string> Names => [.. Providers.Select(p => p.Metadata["application"]).Order(StringComparer.Ordinal)];

    public IProviderInvoker[] Route(IProviderInvoker[] providers, Invocation.Invocation invocation)
    {
        _last = providers;
        return providers;
    }
}
