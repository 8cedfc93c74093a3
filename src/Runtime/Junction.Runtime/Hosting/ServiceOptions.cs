namespace Junction.Hosting;

/// <summary>How a provider exports one service (Dubbo's service config).</summary>
public class ServiceOptions
{
    /// <summary>The provider's load-balancing weight (default 100).</summary>
    public int Weight { get; set; } = Registry.ServiceInstance.DefaultWeight;

    /// <summary>Extra metadata registered with the provider (for example a routing tag).</summary>
    public IDictionary<string, string> Metadata { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Provider filters, run in order before the implementation.</summary>
    public IList<Filters.IFilter> Filters { get; } = new List<Filters.IFilter>();

    internal void Validate(string serviceKey)
    {
        if (Weight < 0)
        {
            throw new InvalidOperationException($"The export of {serviceKey} sets Weight = {Weight}; it must be 0 or more.");
        }
    }
}
