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

        // Observability is outermost, so that it sees every refusal by the filters below it.
        Add(filters, ObservabilityFilter.CreateServer(context));
        Add(filters, AccessLog.AccessLogFilter.Create(context));
        Add(filters, Token.ProviderTokenFilter.Create(context));
        Add(filters, Security.AuthFilter.Create(context));
        Add(filters, Limits.TpsLimitFilter.Create(context));
        Add(filters, Limits.ExecuteLimitFilter.Create(context));
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

        // Client metrics and spans per attempt, tagged with the provider; then the provider's token, the request
        // signature (per attempt, so a retry is signed afresh and not taken for a replay), and the actives cap.
        Add(filters, ObservabilityFilter.CreateClient(context, provider));
        Add(filters, Token.ConsumerTokenFilter.Create(provider));
        Add(filters, Security.SignatureFilter.Create(context));
        Add(filters, Limits.ActiveLimitFilter.Create(context, provider));
        return filters;
    }

    private static void Add(List<IFilter> filters, IFilter? filter)
    {
        if (filter is not null)
        {
            filters.Add(filter);
        }
    }
}
