using Junction.Cluster;
using Junction.Invocation;
using Polly;
using Polly.CircuitBreaker;

namespace Junction.Runtime.Tests.Cluster;

/// <summary>Cluster settings: Dubbo's and Polly's defaults, and a clear error for every value that cannot work.</summary>
public class ClusterSettingsTests
{
    [Fact]
    public void The_defaults_are_dubbos_with_the_circuit_breaker_off()
    {
        var settings = new ClusterSettings();

        Assert.Equal(2, settings.Forks);
        Assert.Equal(100, settings.BroadcastFailPercent);
        Assert.Equal(3, settings.FailbackRetries);
        Assert.Equal(TimeSpan.FromSeconds(5), settings.FailbackPeriod);
        Assert.Equal(100, settings.FailbackQueueSize);
        Assert.Null(settings.CircuitBreaker);
        Assert.Null(settings.Resilience);
        Assert.Empty(settings.MethodResilience);
    }

    [Fact]
    public void The_circuit_breaker_defaults_are_pollys()
    {
        var ours = new CircuitBreakerSettings();
        var pollys = new CircuitBreakerStrategyOptions<RpcResult>();

        Assert.Equal(pollys.FailureRatio, ours.FailureRatio);
        Assert.Equal(pollys.MinimumThroughput, ours.MinimumThroughput);
        Assert.Equal(pollys.SamplingDuration, ours.SamplingDuration);
        Assert.Equal(pollys.BreakDuration, ours.BreakDuration);
    }

    public static TheoryData<string, Action<ClusterSettings>, string> BadValues => new()
    {
        { "Forks = 0", s => s.Forks = 0, "use 1 or more" },
        { "BroadcastFailPercent = -1", s => s.BroadcastFailPercent = -1, "from 0" },
        { "BroadcastFailPercent = 101", s => s.BroadcastFailPercent = 101, "to 100" },
        { "FailbackRetries = -1", s => s.FailbackRetries = -1, "use 0 or more" },
        { "FailbackPeriod = 00:00:00", s => s.FailbackPeriod = TimeSpan.Zero, "positive duration" },
        { "FailbackPeriod = -00:00:01", s => s.FailbackPeriod = TimeSpan.FromSeconds(-1), "positive duration" },
        { "FailbackQueueSize = 0", s => s.FailbackQueueSize = 0, "use 1 or more" },
        { "FailureRatio = 0", s => s.CircuitBreaker = new CircuitBreakerSettings { FailureRatio = 0 }, "above 0 and at most 1" },
        { "FailureRatio = 1.5", s => s.CircuitBreaker = new CircuitBreakerSettings { FailureRatio = 1.5 }, "above 0 and at most 1" },
        { "MinimumThroughput = 1", s => s.CircuitBreaker = new CircuitBreakerSettings { MinimumThroughput = 1 }, "2 or more" },
        { "SamplingDuration = 00:00:00.1000000", s => s.CircuitBreaker = new CircuitBreakerSettings { SamplingDuration = TimeSpan.FromMilliseconds(100) }, "0.5 seconds to 1 day" },
        { "BreakDuration = 2.00:00:00", s => s.CircuitBreaker = new CircuitBreakerSettings { BreakDuration = TimeSpan.FromDays(2) }, "0.5 seconds to 1 day" },
    };

    [Theory]
    [MemberData(nameof(BadValues))]
    public void A_bad_value_fails_creation_with_a_message_naming_the_service_the_setting_its_value_and_the_fix(string setting, Action<ClusterSettings> spoil, string fix)
    {
        var settings = new ClusterSettings();
        spoil(settings);

        var error = Assert.Throws<InvalidOperationException>(() => ClusterKit.Create(ForkingClusterInvoker.Name, [], settings));

        Assert.Contains(ClusterKit.Service.ServiceKey, error.Message, StringComparison.Ordinal);
        Assert.Contains(setting, error.Message, StringComparison.Ordinal);
        Assert.Contains(fix, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_method_pipeline_for_a_method_the_service_lacks_fails_creation_listing_the_methods()
    {
        var settings = new ClusterSettings();
        settings.MethodResilience["Reed"] = ResiliencePipeline<RpcResult>.Empty;

        var error = Assert.Throws<InvalidOperationException>(() => ClusterKit.Create(FailoverClusterInvoker.Name, [], settings));

        Assert.Contains("MethodResilience[\"Reed\"]", error.Message, StringComparison.Ordinal);
        Assert.Contains("Read, Write, Reply, Count, Notify, Wait", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_smallest_valid_values_are_accepted()
    {
        var settings = new ClusterSettings
        {
            Forks = 1,
            BroadcastFailPercent = 0,
            FailbackRetries = 0,
            FailbackPeriod = TimeSpan.FromTicks(TimeSpan.TicksPerMillisecond),
            FailbackQueueSize = 1,
            CircuitBreaker = new CircuitBreakerSettings { FailureRatio = 1, MinimumThroughput = 2, SamplingDuration = TimeSpan.FromMilliseconds(500), BreakDuration = TimeSpan.FromDays(1) },
        };

        await using var cluster = ClusterKit.Create(ForkingClusterInvoker.Name, [], settings);
    }
}
