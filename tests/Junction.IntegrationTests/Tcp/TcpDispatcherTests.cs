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
        var logs = new LogCapture();
        var service = new BlockingService();
        await using var provider = await BlockingProvider.StartAsync(service, Dispatchers.Adaptive, logs);
        await using var client = EchoClient.Direct<IBlockingService>(provider.Url);

        // The first call runs on the connection's read loop and blocks it well past the 1 ms the dispatcher allows.
        Assert.Equal("slept", await client.Proxy.WorkAsync(sleepMs: 20, waitForGate: false).WaitAsync(Generous));
        Assert.Equal("slept", await client.Proxy.WorkAsync(sleepMs: 20, waitForGate: false).WaitAsync(Generous));

        // From now on the method runs on a thread-pool thread: a call behind a blocked one on the same connection is answered.
        var blocked = client.Proxy.WorkAsync(sleepMs: 0, waitForGate: true);
        await service.Blocking.Task.WaitAsync(Generous);
        Assert.Equal("pong", await client.Proxy.PingAsync().WaitAsync(Generous));
        service.Gate.Set();
        Assert.Equal("unblocked", await blocked.WaitAsync(Generous));

        var warnings = logs.Entries.Where(e => e.Level == LogLevel.Warning && e.Message.Contains(".Work", StringComparison.Ordinal)).ToList();
        var warning = Assert.Single(warnings);
        Assert.Contains("thread pool", warning.Message);
        Assert.Contains("TcpOptions.Dispatcher", warning.Message);
    }

    [Fact]
    public async Task All_runs_every_call_on_the_thread_pool_from_the_first()
    {
        var logs = new LogCapture();
        var service = new BlockingService();
        await using var provider = await BlockingProvider.StartAsync(service, Dispatchers.All, logs);
        await using var client = EchoClient.Direct<IBlockingService>(provider.Url);

        var blocked = client.Proxy.WorkAsync(sleepMs: 0, waitForGate: true);
        await service.Blocking.Task.WaitAsync(Generous);
        Assert.Equal("pong", await client.Proxy.PingAsync().WaitAsync(Generous));
        service.Gate.Set();
        Assert.Equal("unblocked", await blocked.WaitAsync(Generous));
        Assert.DoesNotContain(logs.Entries, e => e.Level >= LogLevel.Warning);
    }

    [Fact]
    public async Task Direct_keeps_running_a_slow_method_on_the_read_loop_without_complaint()
    {
        var logs = new LogCapture();
        await using var provider = await BlockingProvider.StartAsync(new BlockingService(), Dispatchers.Direct, logs);
        await using var client = EchoClient.Direct<IBlockingService>(provider.Url);

        Assert.Equal("slept", await client.Proxy.WorkAsync(sleepMs: 20, waitForGate: false).WaitAsync(Generous));
        Assert.Equal("slept", await client.Proxy.WorkAsync(sleepMs: 20, waitForGate: false).WaitAsync(Generous));
        Assert.Equal("pong", await client.Proxy.PingAsync().WaitAsync(Generous));
        Assert.DoesNotContain(logs.Entries, e => e.Level >= LogLevel.Warning);
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

    /// <summary>Implementations that block their thread, as synchronous I/O does.</summary>
    private sealed class BlockingService : IBlockingService
    {
        public ManualResetEventSlim Gate { get; } = new();

        public TaskCompletionSource Blocking { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<string> WorkAsync(int sleepMs, bool waitForGate, CancellationToken cancellationToken = default)
        {
            // The behaviour under test: work that holds its thread before returning, as synchronous I/O does.
            Thread.Sleep(sleepMs);
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
