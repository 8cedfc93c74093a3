using Junction.Filters;
using Junction.Generated.Junction_Runtime_Tests;
using Junction.Hosting;
using Junction.Invocation;
using Microsoft.Extensions.Logging.Abstractions;

namespace Junction.Runtime.Tests.Filters;

/// <summary>Filter contexts of <see cref="ILimitsProbe"/>, for testing the filters without a pipeline.</summary>
internal static class LimitsFilterContexts
{
    /// <summary>A rest of the chain that succeeds at once, allocating nothing.</summary>
    public static readonly InvokerDelegate Ok = _ => new ValueTask<RpcResult>(RpcResult.FromValue("ok"));

    public static ProviderFilterContext Provider(Action<ServiceOptions> configure, TimeProvider? time = null)
    {
        var options = new ServiceOptions();
        configure(options);
        return new ProviderFilterContext(LimitsProbeDescriptor.Service, options, new JunctionOptions(), NullLoggerFactory.Instance, time ?? TimeProvider.System);
    }

    public static ConsumerFilterContext Consumer(Action<ReferenceOptions> configure, TimeProvider? time = null)
    {
        var options = new ReferenceOptions();
        configure(options);
        return new ConsumerFilterContext(LimitsProbeDescriptor.Service, options, new JunctionOptions(), NullLoggerFactory.Instance, time ?? TimeProvider.System);
    }
}
