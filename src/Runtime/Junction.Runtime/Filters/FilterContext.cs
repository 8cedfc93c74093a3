using Junction.Contracts;
using Junction.Hosting;
using Microsoft.Extensions.Logging;

namespace Junction.Filters;

/// <summary>What a built-in provider filter is made from: the service, its export settings, the application's.</summary>
internal sealed record ProviderFilterContext(
    ServiceDescriptor Service,
    ServiceOptions Options,
    JunctionOptions Application,
    ILoggerFactory LoggerFactory,
    TimeProvider Time)
{
    /// <summary>The export's settings of <paramref name="method"/> in <see cref="ServiceOptions.Methods"/>, or null.</summary>
    public ServiceMethodOptions? ForMethod(MethodDescriptor method)
        => Options.Methods.TryGetValue(method.Name, out var own) || Options.Methods.TryGetValue(method.ClrName, out own) ? own : null;
}

/// <summary>What a built-in consumer filter is made from: the service, the reference's settings, the application's.</summary>
internal sealed record ConsumerFilterContext(
    ServiceDescriptor Service,
    ReferenceOptions Reference,
    JunctionOptions Application,
    ILoggerFactory LoggerFactory,
    TimeProvider Time);
