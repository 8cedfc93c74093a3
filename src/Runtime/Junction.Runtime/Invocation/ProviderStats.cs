using System.Diagnostics;
using Junction.Contracts;

namespace Junction.Invocation;

/// <summary>
/// Live call statistics of one provider, per method and in total (Dubbo's RpcStatus). The cluster maintains them for
/// every attempt it makes, always — unlike Dubbo, where active counts exist only when an <c>actives</c> limit is set —
/// so that <c>leastactive</c>, <c>shortestresponse</c> and <c>p2c</c> always have real figures to balance on.
/// </summary>
public sealed class ProviderStats
{
    private readonly CallStats[] _methods;

    /// <summary>Creates the statistics of a provider of a service with <paramref name="methodCount"/> methods.</summary>
    public ProviderStats(int methodCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(methodCount);
        _methods = new CallStats[methodCount];
        for (var i = 0; i < methodCount; i++)
        {
            _methods[i] = new CallStats();
        }
    }

    /// <summary>All methods together.</summary>
    public CallStats Total { get; } = new();

    /// <summary>The statistics of <paramref name="method"/>.</summary>
    public CallStats For(MethodDescriptor method)
    {
        ArgumentNullException.ThrowIfNull(method);
        return (uint)method.Index < (uint)_methods.Length ? _methods[method.Index] : Total;
    }

    /// <summary>Records an attempt starting; returns its start timestamp for <see cref="End"/>.</summary>
    public long Begin(MethodDescriptor method)
    {
        For(method).Begin();
        Total.Begin();
        return Stopwatch.GetTimestamp();
    }

    /// <summary>Records the end of an attempt begun at <paramref name="started"/>.</summary>
    public void End(MethodDescriptor method, long started, bool succeeded)
    {
        var now = Stopwatch.GetTimestamp();
        var elapsed = now - started;
        For(method).End(now, elapsed, succeeded);
        Total.End(now, elapsed, succeeded);
    }
}
