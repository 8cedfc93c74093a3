using Junction.Monitoring;

namespace Junction.Hosting;

/// <summary>Exports the application's per-minute statistics (<see cref="IMonitorService"/>).</summary>
public static class MonitorServiceBuilderExtensions
{
    /// <summary>
    /// Exports <see cref="IMonitorService"/> on tcp and inproc, like any other service: a monitor finds it in the registry
    /// and calls <see cref="IMonitorService.CollectAsync"/> once a minute. It reports what this application's calls did
    /// while <see cref="ObservabilityOptions.Monitor"/> is on (the default); with it off, every minute is empty.
    /// </summary>
    public static JunctionBuilder AddMonitorService(this JunctionBuilder builder, Action<ServiceOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddRpcService<IMonitorService, MonitorService>(configure);
    }
}
