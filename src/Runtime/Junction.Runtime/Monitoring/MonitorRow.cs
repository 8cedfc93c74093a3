namespace Junction.Monitoring;

/// <summary>The calls of one method in one minute, seen from one side (Dubbo's statistics URL).</summary>
/// <param name="Side">Whether this application made the calls (consumer) or served them (provider).</param>
/// <param name="Service">The service key (<c>{group}/{interface}:{version}</c>).</param>
/// <param name="Method">The method's name in the contract.</param>
/// <param name="Provider">The provider called (<c>host:port</c>) on the consumer side; empty on the provider side.</param>
/// <param name="Calls">Calls that completed in the minute, failed ones included.</param>
/// <param name="Failures">Calls that completed with an error.</param>
/// <param name="AverageElapsedMs">The mean time of the calls, in milliseconds.</param>
/// <param name="MaxElapsedMs">The longest call, in milliseconds.</param>
[RpcMessage]
public sealed record MonitorRow(
    [RpcField(1)] MonitorSide Side,
    [RpcField(2)] string Service,
    [RpcField(3)] string Method,
    [RpcField(4)] string Provider,
    [RpcField(5)] long Calls,
    [RpcField(6)] long Failures,
    [RpcField(7)] double AverageElapsedMs,
    [RpcField(8)] double MaxElapsedMs);
