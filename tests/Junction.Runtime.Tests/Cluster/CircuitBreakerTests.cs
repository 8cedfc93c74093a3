using Junction.Cluster;

namespace Junction.Runtime.Tests.Cluster;

/// <summary>
/// The per-provider circuit breaker: transport failures open a provider's circuit, which takes it out of selection;
/// after the break one trial call is let through, and its outcome closes or reopens the circuit.
/// </summary>
public class CircuitBreakerTests
{
    private static readonly TimeSpan Break = TimeSpan.FromSeconds(30);

    private static ClusterSettings Settings() => new()
    {
        CircuitBreaker = new CircuitBreakerSettings
        {
            FailureRatio = 0.5,
            MinimumThroughput = 2,
            SamplingDuration = TimeSpan.FromSeconds(10),
            BreakDuration = Break,
        },
    };

    [Fact]
    public async Task Failures_open_the_circuit_and_the_provider_is_no_longer_chosen()
    {
        await using var rig = new ClusterRig(FailfastClusterInvoker.Name, Settings(), Fault.Unavailable, Fault.None);
        var (providers, client) = (rig.Providers, rig.Client);

        await Assert.ThrowsAsync<RpcException>(() => client.ReadAsync(1));
        await Assert.ThrowsAsync<RpcException>(() => client.ReadAsync(2));
        Assert.Equal("p1", await client.ReadAsync(3));
        Assert.Equal("p1", await client.ReadAsync(4));

        Assert.Equal(2, providers[0].Calls);
    }

    [Fact]
    public async Task After_the_break_a_trial_call_reaches_the_provider_and_its_success_closes_the_circuit()
    {
        await using var rig = new ClusterRig(FailfastClusterInvoker.Name, Settings(), Fault.Unavailable, Fault.None);
        var (providers, time, client) = (rig.Providers, rig.Time, rig.Client);
        await OpenAsync(client);
        providers[0].Fault = Fault.None;

        time.Advance(Break - TimeSpan.FromSeconds(1));
        Assert.Equal("p1", await client.ReadAsync(3));

        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("p0", await client.ReadAsync(4));
        Assert.Equal("p0", await client.ReadAsync(5));
    }

    [Fact]
    public async Task While_the_trial_call_is_in_flight_other_calls_go_to_other_providers()
    {
        await using var rig = new ClusterRig(FailfastClusterInvoker.Name, Settings(), Fault.Unavailable, Fault.None);
        var (providers, time, client) = (rig.Providers, rig.Time, rig.Client);
        await OpenAsync(client);
        providers[0].Fault = Fault.None;
        providers[0].Hold();
        time.Advance(Break);

        var trial = client.ReadAsync(3);
        await ClusterKit.Eventually(() => providers[0].Calls == 3, "the trial call reached p0");
        Assert.Equal("p1", await client.ReadAsync(4));
        Assert.Equal("p1", await client.ReadAsync(5));
        providers[0].Release();

        Assert.Equal("p0", await trial);
        Assert.Equal("p0", await client.ReadAsync(6));
        Assert.Equal(4, providers[0].Calls);
    }

    [Fact]
    public async Task A_failed_trial_call_opens_the_circuit_for_another_break()
    {
        await using var rig = new ClusterRig(FailfastClusterInvoker.Name, Settings(), Fault.Unavailable, Fault.None);
        var (providers, time, client) = (rig.Providers, rig.Time, rig.Client);
        await OpenAsync(client);

        time.Advance(Break);
        await Assert.ThrowsAsync<RpcException>(() => client.ReadAsync(3));
        time.Advance(Break - TimeSpan.FromSeconds(1));
        Assert.Equal("p1", await client.ReadAsync(4));

        Assert.Equal(3, providers[0].Calls);
    }

    [Fact]
    public async Task A_trial_call_its_caller_cancels_does_not_close_the_circuit()
    {
        await using var rig = new ClusterRig(FailfastClusterInvoker.Name, Settings(), Fault.Unavailable, Fault.None);
        var (providers, time, client) = (rig.Providers, rig.Time, rig.Client);
        await OpenAsync(client);
        providers[0].Fault = Fault.Hang;
        time.Advance(Break);
        using var cancellation = new CancellationTokenSource();

        var trial = client.WaitAsync(3, cancellation.Token);
        await ClusterKit.Eventually(() => providers[0].Calls == 3, "the trial call reached p0");
        await cancellation.CancelAsync();
        Assert.Equal(RpcStatusCode.Cancelled, (await Assert.ThrowsAsync<RpcException>(() => trial)).StatusCode);

        Assert.Equal("p1", await client.ReadAsync(4));
        Assert.Equal(3, providers[0].Calls);
    }

    [Fact]
    public async Task A_call_its_caller_cancels_does_not_count_against_a_closed_circuit()
    {
        await using var rig = new ClusterRig(FailfastClusterInvoker.Name, Settings(), Fault.Hang, Fault.None);
        var (providers, client) = (rig.Providers, rig.Client);

        for (var call = 0; call < 3; call++)
        {
            using var cancellation = new CancellationTokenSource();
            var pending = client.WaitAsync(call, cancellation.Token);
            await ClusterKit.Eventually(() => providers[0].Calls == call + 1, "the call reached p0");
            await cancellation.CancelAsync();
            await Assert.ThrowsAsync<RpcException>(() => pending);
        }

        providers[0].Fault = Fault.None;
        Assert.Equal("p0", await client.ReadAsync(4));
    }

    [Fact]
    public async Task Business_errors_never_open_the_circuit()
    {
        await using var rig = new ClusterRig(FailfastClusterInvoker.Name, Settings(), Fault.Business, Fault.None);
        var (providers, client) = (rig.Providers, rig.Client);

        for (var call = 0; call < 10; call++)
        {
            await Assert.ThrowsAsync<RpcException>(() => client.ReadAsync(call));
        }

        Assert.Equal(10, providers[0].Calls);
    }

    [Fact]
    public async Task Failover_does_not_attempt_a_provider_whose_circuit_is_open()
    {
        await using var rig = new ClusterRig(FailoverClusterInvoker.Name, Settings(), Fault.Unavailable, Fault.None);
        var (providers, client) = (rig.Providers, rig.Client);

        for (var call = 0; call < 5; call++)
        {
            Assert.Equal("p1", await client.ReadAsync(call));
        }

        Assert.Equal(2, providers[0].Calls);
    }

    [Fact]
    public async Task The_circuit_belongs_to_the_provider_so_failures_of_one_method_keep_every_method_away()
    {
        await using var rig = new ClusterRig(FailfastClusterInvoker.Name, Settings(), Fault.Unavailable, Fault.None);
        var (providers, client) = (rig.Providers, rig.Client);
        await OpenAsync(client);

        Assert.Equal("p1", await client.WriteAsync(3));
        Assert.Equal(1, await client.CountAsync(0));
        Assert.Equal(2, providers[0].Calls);
    }

    [Fact]
    public async Task An_override_that_changes_the_providers_weight_keeps_its_circuit_open()
    {
        var providers = ClusterKit.Providers(Fault.Unavailable, Fault.None);
        var directory = new SwitchingDirectory(ClusterKit.Service, providers);
        var time = new ManualTimeProvider();
        await using var cluster = Clusters.Create(
            FailfastClusterInvoker.Name, directory, global::Junction.Routing.RouterChain.Empty, new FirstLoadBalancer(), Settings(),
            Clusters.ResolveRetries(ClusterKit.Service, null, 2), new ListLogger(), time);
        var client = ClusterKit.Client(cluster);
        await OpenAsync(client);

        // The registry pushes the same provider under an override (weight 50): a new listed wrapper of the same invoker.
        var overridden = new global::Junction.Registry.Override.OverriddenProviderInvoker(providers[0], providers[0].Instance with { Weight = 50 });
        directory.Providers = new ProviderList([overridden, providers[1]], 2);

        Assert.Equal("p1", await client.ReadAsync(3));
        Assert.Equal("p1", await client.ReadAsync(4));
        Assert.Equal(2, providers[0].Calls);
    }

    [Fact]
    public async Task Without_settings_there_is_no_circuit_breaker()
    {
        await using var rig = new ClusterRig(FailfastClusterInvoker.Name, new ClusterSettings(), Fault.Unavailable, Fault.None);
        var (providers, client) = (rig.Providers, rig.Client);

        // More failures than even Polly's default minimum throughput (100).
        for (var call = 0; call < 150; call++)
        {
            await Assert.ThrowsAsync<RpcException>(() => client.ReadAsync(call));
        }

        Assert.Equal(150, providers[0].Calls);
    }

    /// <summary>Two failures on p0 (ratio 1 over the minimum throughput of 2) open its circuit.</summary>
    private static async Task OpenAsync(IClusterProbe client)
    {
        await Assert.ThrowsAsync<RpcException>(() => client.ReadAsync(1));
        await Assert.ThrowsAsync<RpcException>(() => client.ReadAsync(2));
    }

    /// <summary>A directory whose list the test replaces, as registry pushes do.</summary>
    private sealed class SwitchingDirectory(Contracts.ServiceDescriptor service, Invocation.IProviderInvoker[] providers) : IDirectory
    {
        public Contracts.ServiceDescriptor Service => service;

        public ProviderList Providers { get; set; } = new(providers, 1);

        public ValueTask DisposeAsync() => default;
    }
}
