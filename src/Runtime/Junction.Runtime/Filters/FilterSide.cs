namespace Junction.Filters;

/// <summary>Which side of a call a filter runs on.</summary>
public enum FilterSide
{
    /// <summary>On the consumer, before the cluster picks a provider (once per call, retries included).</summary>
    Consumer,

    /// <summary>On the provider, before the implementation.</summary>
    Provider,
}
