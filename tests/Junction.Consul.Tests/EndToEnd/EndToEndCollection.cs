namespace Junction.Consul.Tests.EndToEnd;

/// <summary>
/// The end-to-end tests run one at a time: each runs several hosts and a call load on a 2-core machine, and the
/// zero-failure assertions should measure Junction, not a CPU shared with another test's load.
/// </summary>
[CollectionDefinition(Name)]
public sealed class EndToEndCollection
{
    public const string Name = "Consul end to end";
}
