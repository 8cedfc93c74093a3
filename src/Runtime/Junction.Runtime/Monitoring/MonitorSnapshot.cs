namespace Junction.Monitoring;

/// <summary>One application's statistics for one minute, as <see cref="IMonitorService.CollectAsync"/> returns them.</summary>
/// <param name="Application">The application that collected them.</param>
/// <param name="MinuteStart">The start of the minute (UTC, on a whole minute); the minute ends 60 s later.</param>
/// <param name="Rows">One row per side, service, method and provider with calls in the minute, ordered by those keys.</param>
[RpcMessage]
public sealed record MonitorSnapshot(
    [RpcField(1)] string Application,
    [RpcField(2)] DateTimeOffset MinuteStart,
    [RpcField(3)] IReadOnlyList<MonitorRow> Rows);
