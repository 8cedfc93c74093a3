using Junction.Hosting;

namespace Junction.Monitoring;

/// <summary>The built-in <see cref="IMonitorService"/>: the application's last completed minute.</summary>
internal sealed class MonitorService(JunctionRuntime runtime) : IMonitorService
{
    public Task<MonitorSnapshot> CollectAsync(CancellationToken cancellationToken = default)
        => Task.FromResult(runtime.Options.Observability.CallMonitor.Collect(runtime.Options.Application));
}
