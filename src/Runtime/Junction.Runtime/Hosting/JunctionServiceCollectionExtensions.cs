using Junction.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds Junction to a generic host or ASP.NET Core application.</summary>
public static class JunctionServiceCollectionExtensions
{
    /// <summary>
    /// Adds Junction: configure the application (registry, defaults), then chain <c>AddRpcService</c> for providers and
    /// <c>AddRpcClient</c> for consumers. Services are exported when the host starts.
    /// </summary>
    public static JunctionBuilder AddJunction(this IServiceCollection services, Action<JunctionOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = new JunctionOptions();
        configure?.Invoke(options);
        options.Validate();

        services.TryAddSingleton(sp =>
        {
            // Filters added with AddFilter<T> come from the container, once, when the runtime is made.
            foreach (var registration in sp.GetServices<JunctionBuilder.FilterRegistration>())
            {
                var filter = (Junction.Filters.IFilter)sp.GetRequiredService(registration.Type);
                (registration.Side == Junction.Filters.FilterSide.Consumer ? options.ConsumerFilters : options.ProviderFilters).Add(filter);
            }

            return new JunctionRuntime(options, sp.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance);
        });
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, JunctionHostedService>());
        return new JunctionBuilder(services, options);
    }
}
