namespace Junction.Runtime.Tests.Filters;

/// <summary>What the observability tests call: calls that succeed, fail, take a set time on a fake clock, or wait for a gate.</summary>
[RpcService(Protocol = "inproc")]
public interface IObservedProbe
{
    Task<string> EchoAsync(string text);

    /// <summary>Moves the probe's clock (if it has one) by <paramref name="milliseconds"/>, then succeeds.</summary>
    Task<string> WorkAsync(int milliseconds);

    /// <summary>Moves the probe's clock by <paramref name="milliseconds"/>, then throws.</summary>
    Task<string> FailAsync(int milliseconds);

    /// <summary>Completes when the probe's gate opens.</summary>
    Task<string> HoldAsync();

    Task PingAsync();
}

/// <summary>Provider A of the two-hop trace: it calls <see cref="IObservedBack"/> while serving.</summary>
[RpcService(Protocol = "inproc")]
public interface IObservedFront
{
    Task<string> RelayAsync(string text);
}

/// <summary>Provider B of the two-hop trace, over tcp so trace context crosses a real wire.</summary>
[RpcService(Protocol = "tcp")]
public interface IObservedBack
{
    Task<string> EndAsync(string text);

    Task<string> FailAsync(string text);
}

/// <summary>The observability tests attach process-wide listeners and measure allocations: they run one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class ObservabilityCollection
{
    public const string Name = "Observability";
}
