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

        services.TryAddSingleton(sp => new JunctionRuntime(options, sp.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, JunctionHostedService>());
        return new JunctionBuilder(services);
    }
}
