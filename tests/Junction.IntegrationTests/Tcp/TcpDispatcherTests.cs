using Junction.Hosting;
using Junction.Protocols.Tcp;
using Junction.Registry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Junction.IntegrationTests.Tcp;

/// <summary>
/// <see cref="TcpOptions.Dispatcher"/>: where a provider runs implementations. An implementation that blocks before
/// its first await must not hold up the other calls on its connection for more than the call that revealed it.
/// </summary>
public sealed class TcpDispatcherTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Adaptive_moves_a_method_that_blocks_to_the_thread_pool_and_says_so_once()
    {
        await using var scenario = await Scenario.StartAsync(Dispatchers.Adaptive);

        // The method's first call (not judged: it compiles the method's code), then three in a row, run on the connection's
        // read loop and block it well past the 1 ms the dispatcher allows.
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal("slept", await scenario.Proxy.WorkAsync(sleepMs: 20, waitForGate: false).WaitAsync(Generous));
            Assert.True(scenario.Service.LastRanOnReadLoop, $"call {i + 1} should still have run on the read loop");
        }

        Assert.Equal("slept", await scenario.Proxy.WorkAsync(sleepMs: 2, waitForGate: false).WaitAsync(Generous));
        Assert.False(scenario.Service.LastRanOnReadLoop, "after three judged slow calls in a row the method should run on the thread pool");

        // From now on the method runs on a thread-pool thread: a call behind a blocked one on the same connection is answered.
        var blocked = scenario.Proxy.WorkAsync(sleepMs: 0, waitForGate: true);
        await scenario.Service.Blocking.Task.WaitAsync(Generous);
        Assert.Equal("pong", await scenario.Proxy.PingAsync().WaitAsync(Generous));
        scenario.Service.Gate.Set();
        Assert.Equal("unblocked", await blocked.WaitAsync(Generous));

        var warnings = scenario.Logs.Entries.Where(e => e.Level == LogLevel.Warning && e.Message.Contains(".Work", StringComparison.Ordinal)).ToList();
        var warning = Assert.Single(warnings);
        Assert.Contains("thread pool", warning.Message);
        Assert.Contains("TcpOptions.Dispatcher", warning.Message);
    }

    [Fact]
    public async Task Adaptive_keeps_a_method_on_the_read_loop_through_its_first_call_and_a_slow_call_now_and_then()
    {
        await using var scenario = await Scenario.StartAsync(Dispatchers.Adaptive);

        // A first call that compiles the method's code is not judged; two slow calls in a row, or a slow call now and then
        // (the operating system took the CPU from it), are no sign that the method blocks.
        int[] quick = [.. Enumerable.Repeat(0, 12)];
        foreach (var sleepMs in (int[])[20, 20, 20, .. quick, 20, .. quick, 20])
        {
            Assert.Equal("slept", await scenario.Proxy.WorkAsync(sleepMs, waitForGate: false).WaitAsync(Generous));
        }

        Assert.True(scenario.Service.LastRanOnReadLoop, "the method should still run on the read loop");
        Assert.DoesNotContain(scenario.Logs.Entries, e => e.Level >= LogLevel.Warning);
    }

    [Fact]
    public async Task All_runs_every_call_on_the_thread_pool_from_the_first()
    {
        await using var scenario = await Scenario.StartAsync(Dispatchers.All);

        var blocked = scenario.Proxy.WorkAsync(sleepMs: 0, waitForGate: true);
        await scenario.Service.Blocking.Task.WaitAsync(Generous);
        Assert.Equal("pong", await scenario.Proxy.PingAsync().WaitAsync(Generous));
        scenario.Service.Gate.Set();
        Assert.Equal("unblocked", await blocked.WaitAsync(Generous));
        Assert.False(scenario.Service.LastRanOnReadLoop, "all runs every call on the thread pool");
        Assert.DoesNotContain(scenario.Logs.Entries, e => e.Level >= LogLevel.Warning);
    }

    [Fact]
    public async Task Direct_keeps_running_a_slow_method_on_the_read_loop_without_complaint()
    {
        await using var scenario = await Scenario.StartAsync(Dispatchers.Direct);

        for (var i = 0; i < 4; i++)
        {
            Assert.Equal("slept", await scenario.Proxy.WorkAsync(sleepMs: 20, waitForGate: false).WaitAsync(Generous));
        }

        Assert.True(scenario.Service.LastRanOnReadLoop, "direct runs every call on the read loop");
        Assert.Equal("pong", await scenario.Proxy.PingAsync().WaitAsync(Generous));
        Assert.DoesNotContain(scenario.Logs.Entries, e => e.Level >= LogLevel.Warning);
    }

    [Fact]
    public async Task An_unknown_dispatcher_fails_the_start_naming_the_value_and_the_choices()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => BlockingProvider.StartAsync(new BlockingService(), "fast", new LogCapture()));

        Assert.Contains("TcpOptions.Dispatcher is 'fast'", error.Message);
        Assert.Contains("adaptive", error.Message);
        Assert.Contains("direct", error.Message);
        Assert.Contains("all", error.Message);
    }

    /// <summary>A provider of <see cref="BlockingService"/> on one dispatcher, what it logged, and a client calling it directly.</summary>
    private sealed class Scenario(LogCapture logs, BlockingService service, BlockingProvider provider, EchoClient<IBlockingService> client) : IAsyncDisposable
    {
        public LogCapture Logs => logs;

        public BlockingService Service => service;

        public IBlockingService Proxy => client.Proxy;

        public static async Task<Scenario> StartAsync(string dispatcher)
        {
            var logs = new LogCapture();
            var service = new BlockingService();
            var provider = await BlockingProvider.StartAsync(service, dispatcher, logs);
            return new Scenario(logs, service, provider, EchoClient.Direct<IBlockingService>(provider.Url));
        }

        public async ValueTask DisposeAsync()
        {
            await client.DisposeAsync();
            await provider.DisposeAsync();
        }
    }

    /// <summary>Implementations that block their thread, as synchronous I/O does.</summary>
    private sealed class BlockingService : IBlockingService
    {
        public ManualResetEventSlim Gate { get; } = new();

        public TaskCompletionSource Blocking { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Whether the last WorkAsync ran on its connection's read loop (inline) rather than as a thread-pool work item.</summary>
        public bool LastRanOnReadLoop { get; private set; }

        public Task<string> WorkAsync(int sleepMs, bool waitForGate, CancellationToken cancellationToken = default)
        {
            // Inline, the read loop's state machine is on the stack below the implementation; queued, the pool's dispatch is.
            // Only for slow or gated calls: the stack walk would make a quick call slow enough to count on a busy machine.
            if (sleepMs > 0 || waitForGate)
            {
                LastRanOnReadLoop = new System.Diagnostics.StackTrace().GetFrames()
                    .Any(f => f.GetMethod()?.DeclaringType?.FullName?.Contains("TcpServerConnection+<ReadLoopAsync>", StringComparison.Ordinal) == true);
            }
            // The behaviour under test: work that holds its thread before returning, as synchronous I/O does. (Not for 0:
            // Thread.Sleep(0) yields the CPU, and on a busy machine may not get it back within the dispatcher's 1 ms.)
            if (sleepMs > 0)
            {
                Thread.Sleep(sleepMs);
            }
            if (!waitForGate)
            {
                return Task.FromResult("slept");
            }

            Blocking.TrySetResult();
            return Task.FromResult(Gate.Wait(Generous) ? "unblocked" : "gate never opened");
        }

        public Task<string> PingAsync(CancellationToken cancellationToken = default) => Task.FromResult("pong");
    }

    private sealed class BlockingProvider(IHost host, int port) : IAsyncDisposable
    {
        public string Url => $"tcp://127.0.0.1:{port}";

        public static async Task<BlockingProvider> StartAsync(BlockingService service, string dispatcher, LogCapture logs)
        {
            var registry = new InMemoryRegistry();
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
            builder.Logging.AddProvider(logs).SetMinimumLevel(LogLevel.Debug);
            builder.Services.AddSingleton(service);
            builder.Services.AddJunction(o =>
                {
                    o.Application = "blocking-provider";
                    o.UseRegistry(registry);
                    o.Tcp.Host = "127.0.0.1";
                    o.Tcp.Port = 0;
                    o.Tcp.Dispatcher = dispatcher;
                })
                .AddRpcService<IBlockingService, BlockingService>();
            var host = builder.Build();
            try
            {
                await host.StartAsync();
            }
            catch
            {
                host.Dispose();
                throw;
            }

            return new BlockingProvider(host, registry.GetInstances(Contracts.ContractRegistry.Get<IBlockingService>().ServiceKey).Single().Port);
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                await host.StopAsync();
            }
            finally
            {
                host.Dispose();
            }
        }
    }
}

/// <summary>A contract whose implementations block; see <see cref="TcpDispatcherTests"/>.</summary>
[RpcService(Version = "1.0.0", Group = "it", Protocol = "tcp")]
public interface IBlockingService
{
    Task<string> WorkAsync(int sleepMs, bool waitForGate, CancellationToken cancellationToken = default);

    Task<string> PingAsync(CancellationToken cancellationToken = default);
}
