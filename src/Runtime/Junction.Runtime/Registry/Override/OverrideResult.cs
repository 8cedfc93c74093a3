using System.Globalization;

namespace Junction.Registry.Override;

/// <summary>What the overrides in force make of one provider.</summary>
internal readonly struct OverrideResult
{
    private OverrideResult(ServiceInstance instance, IReadOnlyDictionary<string, string>? parameters, string? disabledBy)
    {
        Instance = instance;
        Parameters = parameters;
        DisabledBy = disabledBy;
    }

    /// <summary>The provider as the balancers and routers see it: the registered instance when nothing applies.</summary>
    public ServiceInstance Instance { get; }

    /// <summary>The parameters the overrides set, merged in order; null when none applies.</summary>
    public IReadOnlyDictionary<string, string>? Parameters { get; }

    /// <summary>The key of the rule whose <c>disabled: true</c> took the provider out; null when it stays in.</summary>
    public string? DisabledBy { get; }

    public static OverrideResult None(ServiceInstance registered) => new(registered, null, null);

    /// <summary>
    /// Applies merged <paramref name="parameters"/> to <paramref name="registered"/>: <c>weight</c> sets the weight (and
    /// the <c>weight</c> metadata condition rules read), <c>disabled: true</c> takes it out, every other parameter
    /// becomes metadata over the provider's own (so <c>dubbo.tag</c>, <c>warmup</c>, <c>region</c> reach routers and
    /// balancers).
    /// </summary>
    public static OverrideResult Apply(ServiceInstance registered, Dictionary<string, string> parameters, string? disabledBy)
    {
        if (disabledBy is not null)
        {
            return new OverrideResult(registered, parameters, disabledBy);
        }

        var metadata = new Dictionary<string, string>(registered.Metadata, StringComparer.Ordinal);
        foreach (var (name, value) in parameters)
        {
            if (name != OverrideDocument.Disabled)
            {
                metadata[name] = value;
            }
        }

        var weight = parameters.TryGetValue(OverrideDocument.Weight, out var text)
            ? int.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture)
            : registered.Weight;
        return new OverrideResult(registered with { Weight = weight, Metadata = metadata }, parameters, null);
    }

    /// <summary>Whether two results set the same parameters (so the provider looks the same to balancers and routers).</summary>
    public static bool SameParameters(IReadOnlyDictionary<string, string>? a, IReadOnlyDictionary<string, string>? b)
    {
        if (a is null || b is null)
        {
            return a is null && b is null;
        }

        if (a.Count != b.Count)
        {
            return false;
        }

        foreach (var (name, value) in a)
        {
            if (!b.TryGetValue(name, out var other) || other != value)
            {
                return false;
            }
        }

        return true;
    }
}
