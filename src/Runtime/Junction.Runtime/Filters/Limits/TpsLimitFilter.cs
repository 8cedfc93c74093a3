using Junction.Contracts;
using Junction.Invocation;

namespace Junction.Filters.Limits;

/// <summary>
/// Dubbo's <c>tps</c> (TpsLimitFilter): at most <see cref="Hosting.ServiceOptions.Tps"/> calls of the service per
/// <see cref="Hosting.ServiceOptions.TpsInterval"/> on this provider, from one bucket all its methods share (as in
/// Dubbo, which keys the bucket by service); a method that sets its own
/// <see cref="Hosting.ServiceMethodOptions.Tps"/> has a bucket of its own (0: that method is not limited). A call the
/// bucket has no token for is refused at once with ResourceExhausted. See <see cref="TokenBucket"/> for why the refill
/// is continuous rather than Dubbo's fixed window.
/// </summary>
internal sealed class TpsLimitFilter : IFilter
{
    private readonly ServiceDescriptor _service;
    private readonly TokenBucket?[] _buckets;
    private readonly TokenBucket? _shared;

    private TpsLimitFilter(ServiceDescriptor service, TokenBucket?[] buckets, TokenBucket? shared)
    {
        _service = service;
        _buckets = buckets;
        _shared = shared;
    }

    /// <summary>The filter of an export, or null when neither the service nor any method sets a rate.</summary>
    public static TpsLimitFilter? Create(ProviderFilterContext context)
    {
        var options = context.Options;
        var shared = options.Tps > 0 ? new TokenBucket(options.Tps, options.TpsInterval, context.Time) : null;
        var buckets = new TokenBucket?[context.Service.Methods.Count];
        var any = false;
        foreach (var method in context.Service.Methods)
        {
            var bucket = context.ForMethod(method)?.Tps is { } own
                ? (own > 0 ? new TokenBucket(own, options.TpsInterval, context.Time) : null)
                : shared;
            buckets[method.Index] = bucket;
            any |= bucket is not null;
        }

        return any ? new TpsLimitFilter(context.Service, buckets, shared) : null;
    }

    public ValueTask<RpcResult> InvokeAsync(Invocation.Invocation invocation, InvokerDelegate next)
    {
        var method = invocation.Method;
        var bucket = ReferenceEquals(method.Service, _service) ? _buckets[method.Index] : null;
        if (bucket is null || bucket.TryTake())
        {
            return next(invocation);
        }

        return new ValueTask<RpcResult>(RpcResult.FromException(Refused(method, bucket, ReferenceEquals(bucket, _shared))));
    }

    private static RpcException Refused(MethodDescriptor method, TokenBucket bucket, bool shared)
    {
        var scope = shared
            ? $"{method.Service.ServiceKey} allows {bucket.Rate} call(s) per {Seconds(bucket.Interval)} on this provider, shared by all its methods (ServiceOptions.Tps)"
            : $"{method.Name} allows {bucket.Rate} call(s) per {Seconds(bucket.Interval)} on this provider (Methods[\"{method.Name}\"].Tps)";
        return new RpcException(
            RpcStatusCode.ResourceExhausted,
            $"{method.FullName} was refused: {scope}, and that rate is used up. Raise the rate or the window (ServiceOptions.TpsInterval) " +
            "on the export, add providers, or call again later.");
    }

    private static string Seconds(TimeSpan interval)
        => interval.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture) + " s";
}
