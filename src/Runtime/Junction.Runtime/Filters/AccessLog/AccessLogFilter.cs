using System.Diagnostics;
using System.Globalization;
using Junction.Contracts;
using Junction.Invocation;
using Microsoft.Extensions.Logging;

namespace Junction.Filters.AccessLog;

/// <summary>
/// Dubbo's <c>accesslog</c>: one line per call served, with the service, method, outcome and time taken; to the logger
/// <c>Junction.AccessLog.{interface}</c> (<c>accesslog = "true"</c>) or to a rolling file (any other value: its path).
/// </summary>
internal sealed class AccessLogFilter : IFilter
{
    private static readonly Action<ILogger, string, string, string, double, string, Exception?> Line =
        LoggerMessage.Define<string, string, string, double, string>(
            LogLevel.Information,
            new EventId(1, "AccessLog"),
            "{Service} {Method} {Status} {ElapsedMs:0.###} ms from {Application}");

    private readonly ILogger? _logger;
    private readonly AccessLogFile? _file;
    private readonly TimeProvider _time;
    private readonly string _service;

    private AccessLogFilter(ILogger? logger, AccessLogFile? file, TimeProvider time, string service)
    {
        _logger = logger;
        _file = file;
        _time = time;
        _service = service;
    }

    /// <summary>The filter for the export's <c>AccessLog</c> setting, or null when it is off.</summary>
    public static AccessLogFilter? Create(ProviderFilterContext context)
    {
        var setting = context.Options.AccessLog;
        if (setting is null || setting.Equals("false", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var service = context.Service.ServiceKey;
        return setting.Equals("true", StringComparison.OrdinalIgnoreCase) || setting.Equals("default", StringComparison.OrdinalIgnoreCase)
            ? new AccessLogFilter(context.LoggerFactory.CreateLogger("Junction.AccessLog." + context.Service.InterfaceName), null, context.Time, service)
            : new AccessLogFilter(null, AccessLogFile.Open(setting, context.LoggerFactory), context.Time, service);
    }

    public ValueTask<RpcResult> InvokeAsync(Invocation.Invocation invocation, InvokerDelegate next)
    {
        var started = Stopwatch.GetTimestamp();
        var pending = next(invocation);
        if (pending.IsCompleted)
        {
            var result = pending.Result;
            Write(invocation, result, started);
            return new ValueTask<RpcResult>(result);
        }

        return AwaitAsync(invocation, pending, started);
    }

    private async ValueTask<RpcResult> AwaitAsync(Invocation.Invocation invocation, ValueTask<RpcResult> pending, long started)
    {
        var result = await pending.ConfigureAwait(false);
        Write(invocation, result, started);
        return result;
    }

    private void Write(Invocation.Invocation invocation, RpcResult result, long started)
    {
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var status = result.Exception switch
        {
            null => "OK",
            RpcException rpc => rpc.StatusCode.ToString(),
            _ => RpcStatusCode.Unknown.ToString(),
        };
        var application = invocation.Application ?? "-";
        if (_logger is not null)
        {
            Line(_logger, _service, invocation.Method.Name, status, elapsed, application, null);
            return;
        }

        _file!.Append(string.Create(
            CultureInfo.InvariantCulture,
            $"{_time.GetUtcNow():yyyy-MM-ddTHH:mm:ss.fffZ} {_service} {invocation.Method.Name} {status} {elapsed:0.###} ms from {application}"));
    }
}
