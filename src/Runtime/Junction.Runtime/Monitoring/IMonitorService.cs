namespace Junction.Monitoring;

/// <summary>
/// The per-minute call statistics of an application (Dubbo's monitor), served as a Junction service so that a monitor
/// is just another consumer. Export it with <c>AddJunction(...).AddMonitorService()</c>; call it with a client of
/// this interface like any other service.
/// </summary>
[RpcService(Protocol = "tcp,inproc")]
public interface IMonitorService
{
    /// <summary>
    /// The statistics of the last completed minute: one row per side, service, method and provider that had calls in
    /// that minute. The minute in progress is never returned, so two monitors polling at different moments see the same rows.
    /// </summary>
    [RpcMethod(Idempotent = true)]
    Task<MonitorSnapshot> CollectAsync(CancellationToken cancellationToken = default);
}
