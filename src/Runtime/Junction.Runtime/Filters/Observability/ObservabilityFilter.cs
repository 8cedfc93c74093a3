using System.Diagnostics;
using Junction.Contracts;
using Junction.Hosting;
using Junction.Invocation;
using Junction.Monitoring;
using Junction.Registry;

namespace Junction.Filters.Observability;

/// <summary>
/// Metrics, spans and per-minute statistics of calls (Dubbo's MonitorFilter with OpenTelemetry's conventions). On the
/// provider it is the outermost filter, so refusals by later filters (token, limits) count; on the consumer it runs
/// around each attempt on one provider, tagged with that provider.
/// </summary>
/// <remarks>
/// With no meter or activity listener a call costs two flag checks, two timestamps and the monitor's locked addition
/// (about 90 ns on the 2-vCPU machines, half of it the timestamps; 5 ns with the monitor off), and allocates nothing. Spans need an async method (its execution context keeps <see cref="Activity.Current"/> from
/// leaking to the caller), so that path is taken only when the source has listeners.
/// </remarks>
internal sealed class ObservabilityFilter : IFilter
{
    private readonly ServiceDescriptor _service;
    private readonly bool _client;
    private readonly RpcInstruments? _instruments;
    private readonly bool _tracing;
    private readonly MinuteStats[]? _minutes;
    private readonly CallMonitor? _monitor;
    private readonly bool _sameClock;
    private readonly TimeProvider _time;
    private readonly string[] _spanNames;
    private readonly ServiceInstance? _provider;
    private readonly string? _providerAddress;

    private ObservabilityFilter(ServiceDescriptor service, ObservabilityOptions options, TimeProvider time, ServiceInstance? provider)
    {
        _service = service;
        _client = provider is not null;
        _instruments = options.Metrics ? (_client ? JunctionTelemetry.Client : JunctionTelemetry.Server) : null;
        _tracing = options.Tracing;
        _time = options.TimeProvider ?? time;
        _provider = provider;
        _providerAddress = provider?.Address;
        _spanNames = new string[service.Methods.Count];
        foreach (var method in service.Methods)
        {
            // OpenTelemetry's span name: $package.$service/$method.
            _spanNames[method.Index] = service.InterfaceName + "/" + method.Name;
        }

        if (options.Monitor)
        {
            _monitor = options.CallMonitor;
            _sameClock = ReferenceEquals(_monitor.Time, _time);
            _minutes = new MinuteStats[service.Methods.Count];
            foreach (var method in service.Methods)
            {
                _minutes[method.Index] = _monitor.For(_client ? MonitorSide.Consumer : MonitorSide.Provider, service.ServiceKey, method.Name, _providerAddress ?? "");
            }
        }
    }

    /// <summary>The provider's filter, or null when metrics, tracing and the monitor are all off.</summary>
    public static IFilter? CreateServer(ProviderFilterContext context)
        => context.Application.Observability.Any ? new ObservabilityFilter(context.Service, context.Application.Observability, context.Time, null) : null;

    /// <summary>The filter around attempts on <paramref name="provider"/>, or null when all three are off.</summary>
    public static IFilter? CreateClient(ConsumerFilterContext context, ServiceInstance provider)
        => context.Application.Observability.Any ? new ObservabilityFilter(context.Service, context.Application.Observability, context.Time, provider) : null;

    public ValueTask<RpcResult> InvokeAsync(Invocation.Invocation invocation, InvokerDelegate next)
    {
        if (!ReferenceEquals(invocation.Method.Service, _service))
        {
            return next(invocation);   // not this service's method: the dispatcher answers Unimplemented
        }

        if (_tracing)
        {
            if (JunctionTelemetry.Source.HasListeners())
            {
                return InvokeTracedAsync(invocation, next);
            }

            // Nobody collects our spans, but someone else traces this call: pass their context on.
            if (_client && Activity.Current is { } ambient)
            {
                TraceContext.Inject(ambient, invocation);
            }
        }

        var metrics = _instruments is { IsEnabled: true } ? _instruments : null;
        if (metrics is null && _minutes is null)
        {
            return next(invocation);
        }

        var start = Begin(invocation, metrics);
        ValueTask<RpcResult> pending;
        try
        {
            pending = next(invocation);
        }
        catch (Exception e)
        {
            pending = new ValueTask<RpcResult>(RpcResult.FromException(e));
        }

        if (!pending.IsCompleted)
        {
            return AwaitAsync(pending, invocation, start, metrics);
        }

        var result = Result(pending);
        End(invocation, result, start, metrics, null);
        return new ValueTask<RpcResult>(result);
    }

    private async ValueTask<RpcResult> AwaitAsync(ValueTask<RpcResult> pending, Invocation.Invocation invocation, long start, RpcInstruments? metrics)
    {
        RpcResult result;
        try
        {
            result = await pending.ConfigureAwait(false);
        }
        catch (Exception e)
        {
            result = RpcResult.FromException(e);
        }

        End(invocation, result, start, metrics, null);
        return result;
    }

    private async ValueTask<RpcResult> InvokeTracedAsync(Invocation.Invocation invocation, InvokerDelegate next)
    {
        using var activity = StartActivity(invocation);
        var metrics = _instruments is { IsEnabled: true } ? _instruments : null;
        var start = Begin(invocation, metrics);
        RpcResult result;
        try
        {
            result = await next(invocation).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            result = RpcResult.FromException(e);
        }

        End(invocation, result, start, metrics, activity);
        return result;
    }

    private Activity? StartActivity(Invocation.Invocation invocation)
    {
        var name = _spanNames[invocation.Method.Index];
        Activity? activity;
        if (_client)
        {
            activity = JunctionTelemetry.Source.StartActivity(name, ActivityKind.Client);
            if ((activity ?? Activity.Current) is { } context)
            {
                TraceContext.Inject(context, invocation);
            }
        }
        else
        {
            // No traceparent (or a malformed one): the ambient activity, if any, is the parent.
            activity = JunctionTelemetry.Source.StartActivity(name, ActivityKind.Server, TraceContext.Extract(invocation));
            if (activity is not null)
            {
                TraceContext.ExtractBaggage(invocation, activity);
            }
        }

        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(JunctionTelemetry.SystemTag, JunctionTelemetry.System);
            activity.SetTag(JunctionTelemetry.ServiceTag, _service.InterfaceName);
            activity.SetTag(JunctionTelemetry.MethodTag, invocation.Method.Name);
            if (_provider is not null)
            {
                activity.SetTag(JunctionTelemetry.ProviderTag, _providerAddress);
                activity.SetTag("server.address", _provider.Host);
                activity.SetTag("server.port", _provider.Port);
            }
        }

        return activity;
    }

    private long Begin(Invocation.Invocation invocation, RpcInstruments? metrics)
    {
        if (metrics is not null)
        {
            var tags = Tags(invocation);
            metrics.Requests.Add(1, tags);
            metrics.Active.Add(1, tags);
        }

        return _time.GetTimestamp();
    }

    private void End(Invocation.Invocation invocation, in RpcResult result, long start, RpcInstruments? metrics, Activity? activity)
    {
        var end = _time.GetTimestamp();
        var elapsed = _time.GetElapsedTime(start, end);
        var status = result.Exception is { } exception ? JunctionTelemetry.StatusOf(exception) : RpcStatusCode.OK;
        if (metrics is not null)
        {
            var tags = Tags(invocation);
            metrics.Active.Add(-1, tags);
            tags.Add(JunctionTelemetry.StatusTag, JunctionTelemetry.StatusName(status));
            metrics.Duration.Record(elapsed.TotalMilliseconds, tags);
            if (status != RpcStatusCode.OK)
            {
                metrics.Errors.Add(1, tags);
            }
        }

        if (_minutes is not null)
        {
            var minute = _sameClock ? _monitor!.MinuteOf(end) : _monitor!.CurrentMinute;
            _minutes[invocation.Method.Index].Record(minute, elapsed, status != RpcStatusCode.OK);
        }

        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(JunctionTelemetry.StatusTag, JunctionTelemetry.StatusName(status));
            if (result.Exception is not null)
            {
                activity.SetStatus(ActivityStatusCode.Error, JunctionTelemetry.StatusName(status));
                activity.AddException(result.Exception);
            }
        }
    }

    private TagList Tags(Invocation.Invocation invocation)
    {
        var tags = new TagList
        {
            { JunctionTelemetry.SystemTag, JunctionTelemetry.System },
            { JunctionTelemetry.ServiceTag, _service.InterfaceName },
            { JunctionTelemetry.MethodTag, invocation.Method.Name },
        };
        if (_providerAddress is not null)
        {
            tags.Add(JunctionTelemetry.ProviderTag, _providerAddress);
        }

        return tags;
    }

    private static RpcResult Result(ValueTask<RpcResult> completed)
    {
        try
        {
            return completed.GetAwaiter().GetResult();
        }
        catch (Exception e)
        {
            return RpcResult.FromException(e);
        }
    }
}
