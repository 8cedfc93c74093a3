using Junction.Contracts;
using Junction.Filters.Observability;
using Junction.Hosting;
using Junction.Monitoring;
using Junction.Registry;
using Junction.Runtime.Tests.Cluster;
using Junction.Runtime.Tests.Pipeline;
using Microsoft.Extensions.DependencyInjection;

namespace Junction.Runtime.Tests.Filters;

/// <summary>The per-minute monitor: counts, failures, average and longest call, the minute boundary, and IMonitorService.</summary>
[Collection(ObservabilityCollection.Name)]
public class ObservabilityMonitorTests
{
    private static readonly string ProbeKey = ContractRegistry.Get<IObservedProbe>().ServiceKey;

    [Fact]
    public async Task A_monitor_client_reads_the_last_completed_minute_and_each_minute_starts_from_zero()
    {
        var clock = new ManualTimeProvider();
        var registry = new InMemoryRegistry();
        await using var host = await StartAsync(clock, registry, "tcp", o => o.Application = "observed");
        var probe = host.Services.GetRequiredService<IObservedProbe>();
        var monitor = host.Services.GetRequiredService<IMonitorService>();
        var provider = Assert.Single(registry.GetInstances(ProbeKey)).Address;

        // Minute 0 (00:00): three calls of Work/Fail, each taking its time on the manual clock.
        await probe.WorkAsync(10);
        await probe.WorkAsync(30);
        await Assert.ThrowsAsync<RpcException>(() => probe.FailAsync(20));
        await probe.EchoAsync("not yet counted in Work");

        // The minute in progress is never reported.
        Assert.Empty(ProbeRows(await monitor.CollectAsync()));

        clock.Advance(TimeSpan.FromSeconds(60));
        await probe.WorkAsync(5);   // minute 1

        var first = await monitor.CollectAsync();
        Assert.Equal("observed", first.Application);
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), first.MinuteStart);
        var rows = ProbeRows(first);
        Assert.Equal(
            [
                new MonitorRow(MonitorSide.Consumer, ProbeKey, "Echo", provider, 1, 0, 0, 0),
                new MonitorRow(MonitorSide.Consumer, ProbeKey, "Fail", provider, 1, 1, 20, 20),
                new MonitorRow(MonitorSide.Consumer, ProbeKey, "Work", provider, 2, 0, 20, 30),
                new MonitorRow(MonitorSide.Provider, ProbeKey, "Echo", "", 1, 0, 0, 0),
                new MonitorRow(MonitorSide.Provider, ProbeKey, "Fail", "", 1, 1, 20, 20),
                new MonitorRow(MonitorSide.Provider, ProbeKey, "Work", "", 2, 0, 20, 30),
            ],
            rows);

        // Minute 1 starts from zero: only its one call.
        clock.Advance(TimeSpan.FromSeconds(60));
        var second = await monitor.CollectAsync();
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 1, 0, TimeSpan.Zero), second.MinuteStart);
        Assert.Equal(
            [
                new MonitorRow(MonitorSide.Consumer, ProbeKey, "Work", provider, 1, 0, 5, 5),
                new MonitorRow(MonitorSide.Provider, ProbeKey, "Work", "", 1, 0, 5, 5),
            ],
            ProbeRows(second));

        // A quiet minute has no rows, even though earlier minutes had calls.
        clock.Advance(TimeSpan.FromSeconds(120));
        Assert.Empty(ProbeRows(await monitor.CollectAsync()));

        // The monitor's own calls are counted like any other service's (the one just made, in minute 4).
        clock.Advance(TimeSpan.FromSeconds(60));
        Assert.Contains((await monitor.CollectAsync()).Rows, r => r.Service == ContractRegistry.Get<IMonitorService>().ServiceKey);
    }

    [Fact]
    public void A_call_that_read_the_clock_before_the_minute_rolled_over_still_counts_in_its_own_minute()
    {
        var clock = new ManualTimeProvider();
        var monitor = new CallMonitor(clock);
        var stats = monitor.For(MonitorSide.Provider, "svc", "M", "");
        var minute0 = monitor.CurrentMinute;

        stats.Record(minute0 + 1, TimeSpan.FromMilliseconds(4), failed: false);
        stats.Record(minute0, TimeSpan.FromMilliseconds(8), failed: true);
        stats.Record(minute0 - 1, TimeSpan.FromMilliseconds(100), failed: false);   // too old: dropped

        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(new MonitorRow(MonitorSide.Provider, "svc", "M", "", 1, 1, 8, 8), Assert.Single(monitor.Collect("app").Rows));
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(new MonitorRow(MonitorSide.Provider, "svc", "M", "", 1, 0, 4, 4), Assert.Single(monitor.Collect("app").Rows));
    }

    [Fact]
    public async Task Without_the_monitor_service_the_monitor_is_off_and_keeps_no_statistics()
    {
        var clock = new ManualTimeProvider();
        var registry = new InMemoryRegistry();
        JunctionOptions? options = null;
        await using var host = await TestHost.StartAsync(services =>
        {
            services.AddSingleton(new ObservedProbe(clock));
            services.AddJunction(o =>
                {
                    options = o;
                    o.UseRegistry(registry);
                    o.Observability.TimeProvider = clock;
                })
                .AddRpcService<IObservedProbe, ObservedProbe>()
                .AddRpcClient<IObservedProbe>(r => r.Protocol = "inproc");
        });

        await host.Services.GetRequiredService<IObservedProbe>().WorkAsync(10);
        clock.Advance(TimeSpan.FromMinutes(1));

        Assert.False(options!.Observability.Monitor);
        Assert.Empty(options.Observability.CallMonitor.Collect("app").Rows);
    }

    /// <summary>
    /// A host on <paramref name="clock"/> that provides and calls <see cref="IObservedProbe"/> and exports
    /// <see cref="IMonitorService"/>, with a client of it over <paramref name="monitorProtocol"/>.
    /// </summary>
    private static Task<TestHost> StartAsync(ManualTimeProvider clock, InMemoryRegistry registry, string monitorProtocol, Action<JunctionOptions> configure)
        => TestHost.StartAsync(services =>
        {
            services.AddSingleton(new ObservedProbe(clock));
            services.AddJunction(o =>
                {
                    o.UseRegistry(registry);
                    o.Tcp.Host = "127.0.0.1";
                    o.Tcp.Port = 0;
                    o.Observability.TimeProvider = clock;
                    configure(o);
                })
                .AddRpcService<IObservedProbe, ObservedProbe>()
                .AddRpcClient<IObservedProbe>()
                .AddMonitorService()
                .AddRpcClient<IMonitorService>(r => r.Protocol = monitorProtocol);
        });

    private static List<MonitorRow> ProbeRows(MonitorSnapshot snapshot) => [.. snapshot.Rows.Where(r => r.Service == ProbeKey)];
}
