using Junction.Monitoring;

namespace Junction.Hosting;

/// <summary>Exports the application's per-minute statistics (<see cref="IMonitorService"/>).</summary>
public static class MonitorServiceBuilderExtensions
{
    /// <summary>
    /// Exports <see cref="IMonitorService"/> on tcp and inproc, like any other service: a monitor finds it in the registry
    /// and calls <see cref="IMonitorService.CollectAsync"/> once a minute. It reports what this application's calls did
    /// from now on: it turns <see cref="ObservabilityOptions.Monitor"/> on.
    /// </summary>
    public static JunctionBuilder AddMonitorService(this JunctionBuilder builder, Action<ServiceOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Options.Observability.Monitor = true;
        return builder.AddRpcService<IMonitorService, MonitorService>(configure);
    }
}
