using Junction.Invocation;
using Junction.Filters;
using Junction.Registry;
using Junction.Registry.Override;

namespace Junction.Runtime.Tests.Override;

/// <summary>
/// The consumer host connects its tcp providers at start through the protocol invoker under the wrappers: an override
/// (weight, metadata) must not hide it, or a provider with an override pays for connecting on its first call.
/// </summary>
public class OverrideUnwrapTests
{
    [Fact]
    public void Unwrap_reaches_the_protocol_invoker_under_an_override_and_the_filters()
    {
        var instance = new ServiceInstance("svc", "tcp", "10.0.0.1", 20880) { Metadata = new Dictionary<string, string> { ["name"] = "a" } };
        var protocol = new ReferredProvider(instance);
        var filtered = FilteredProviderInvoker.Wrap(protocol, [new PassThrough()]);
        var overridden = new OverriddenProviderInvoker(filtered, instance with { Weight = 300 });

        Assert.Same(protocol, FilteredProviderInvoker.Unwrap(overridden));
        Assert.Same(protocol, FilteredProviderInvoker.Unwrap(filtered));
        Assert.Same(protocol, FilteredProviderInvoker.Unwrap(protocol));
    }

    private sealed class PassThrough : IFilter
    {
        public ValueTask<RpcResult> InvokeAsync(Invocation.Invocation invocation, InvokerDelegate next) => next(invocation);
    }
}
