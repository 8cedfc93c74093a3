using Junction.Filters.Observability;
using Junction.Registry;

namespace Junction.Filters;

/// <summary>
/// The built-in filters a service or reference runs, in Dubbo's order, each present only when its setting is on (Dubbo's
/// <c>@Activate</c> by URL key): a filter that is off costs nothing, not even a pass-through call.
/// </summary>
/// <remarks>
/// Consumer: the reference chain (once per call, retries included) runs before the cluster; the per-provider chain runs
/// around each attempt on one provider, where limits and measurements are per provider. Provider: the chain runs before
/// the implementation. Application-wide user filters follow the built-in ones, then the service's or reference's own.
/// </remarks>
internal static class BuiltInFilters
{
    /// <summary>The filters of an exported service, outermost first.</summary>
    public static List<IFilter> ForProvider(ProviderFilterContext context)
    {
        var filters = new List<IFilter>();

        // --- observability (metrics, tracing, monitor): outermost, so it sees every refusal below ---
        if (ObservabilityFilter.CreateServer(context) is { } observability) filters.Add(observability);

        // --- access log ---
        if (AccessLog.AccessLogFilter.Create(context) is { } accessLog)
        {
            filters.Add(accessLog);
        }

        // --- token ---
        if (Token.ProviderTokenFilter.Create(context) is { } token)
        {
            filters.Add(token);
        }

        // --- authentication and authorization ---
        if (Security.AuthFilter.Create(context) is { } auth) filters.Add(auth);

        // --- tps ---
        if (Limits.TpsLimitFilter.Create(context) is { } tps)
        {
            filters.Add(tps);
        }

        // --- executes ---
        if (Limits.ExecuteLimitFilter.Create(context) is { } executes)
        {
            filters.Add(executes);
        }

        filters.AddRange(context.Application.ProviderFilters);
        filters.AddRange(context.Options.Filters);
        return filters;
    }

    /// <summary>The filters of a reference that run once per call, before the cluster, outermost first.</summary>
    public static List<IFilter> ForReference(ConsumerFilterContext context)
    {
        var filters = new List<IFilter>();
        filters.AddRange(context.Application.ConsumerFilters);
        filters.AddRange(context.Reference.Filters);
        return filters;
    }

    /// <summary>The filters around each attempt on <paramref name="provider"/>, outermost first.</summary>
    public static List<IFilter> ForProviderInvoker(ConsumerFilterContext context, ServiceInstance provider)
    {
        var filters = new List<IFilter>();

        // --- observability (client metrics and spans per attempt, tagged with the provider) ---
        if (ObservabilityFilter.CreateClient(context, provider) is { } observability) filters.Add(observability);

        // --- token (sends the token the provider registered) ---
        if (Token.ConsumerTokenFilter.Create(provider) is { } token)
        {
            filters.Add(token);
        }

        // --- request signature ---
        if (Security.SignatureFilter.Create(context) is { } signature) filters.Add(signature);

        // --- actives ---
        if (Limits.ActiveLimitFilter.Create(context, provider) is { } actives)
        {
            filters.Add(actives);
        }

        return filters;
    }
}
