using Junction.Filters;
using Junction.Generated.Junction_Runtime_Tests;
using Junction.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace Junction.Runtime.Tests.Filters;

/// <summary>Filter contexts of <see cref="ILimitsProbe"/>, for testing the filters without a pipeline.</summary>
internal static class LimitsFilterContexts
{
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
