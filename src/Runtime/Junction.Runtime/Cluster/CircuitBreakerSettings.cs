using System.Globalization;

namespace Junction.Cluster;

/// <summary>
/// A circuit breaker per provider (Polly's circuit breaker, one per provider of the reference). When the share of
/// transport failures (Unavailable, DeadlineExceeded) among a provider's recent attempts reaches
/// <see cref="FailureRatio"/>, its circuit opens for <see cref="BreakDuration"/> and the cluster stops choosing it; after
/// that, one trial call is let through (half-open): success closes the circuit, failure opens it again. Business errors
/// and calls cancelled by their caller never count against a provider (a cancelled trial call opens the circuit again,
/// since it has not shown the provider healthy). The defaults are Polly's.
/// </summary>
public sealed class CircuitBreakerSettings
{
    /// <summary>The share of failed attempts, above 0 and at most 1, that opens the circuit. Default 0.1.</summary>
    public double FailureRatio { get; set; } = 0.1;

    /// <summary>How many attempts must be sampled before the circuit may open; 2 or more. Default 100.</summary>
    public int MinimumThroughput { get; set; } = 100;

    /// <summary>How far back attempts are sampled; 0.5 s to 1 day. Default 30 s.</summary>
    public TimeSpan SamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an open circuit keeps the provider out of selection; 0.5 s to 1 day. Default 5 s.</summary>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(5);

    // Polly's own limits, checked here so the message names the setting and the service instead of a Polly type.
    private static readonly TimeSpan Shortest = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan Longest = TimeSpan.FromDays(1);

    internal void Validate(string serviceKey)
    {
        if (!(FailureRatio > 0 && FailureRatio <= 1))
        {
            throw Invalid(serviceKey, nameof(FailureRatio), FailureRatio.ToString(CultureInfo.InvariantCulture), "use a share above 0 and at most 1, such as 0.5 for half of the attempts");
        }

        if (MinimumThroughput < 2)
        {
            throw Invalid(serviceKey, nameof(MinimumThroughput), MinimumThroughput.ToString(CultureInfo.InvariantCulture), "use 2 or more attempts");
        }

        CheckDuration(serviceKey, nameof(SamplingDuration), SamplingDuration);
        CheckDuration(serviceKey, nameof(BreakDuration), BreakDuration);
    }

    private static void CheckDuration(string serviceKey, string name, TimeSpan value)
    {
        if (value < Shortest || value > Longest)
        {
            throw Invalid(serviceKey, name, value.ToString("c", CultureInfo.InvariantCulture), "use a duration from 0.5 seconds to 1 day");
        }
    }

    private static InvalidOperationException Invalid(string serviceKey, string name, string value, string fix)
        => new($"The circuit breaker settings of {serviceKey} set {name} = {value}; {fix}.");
}
