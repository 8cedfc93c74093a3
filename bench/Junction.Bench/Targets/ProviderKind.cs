namespace Junction.Bench.Targets;

/// <summary>Which server a provider runs.</summary>
internal enum ProviderKind
{
    /// <summary>The bare Pipelines echo (the baseline).</summary>
    Bare,

    /// <summary>Junction's provider of <see cref="Contract.IBenchService"/>.</summary>
    Junction,
}
