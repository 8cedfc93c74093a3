using Junction.Filters;
using Junction.Filters.AccessLog;
using Junction.Hosting;
using Junction.Invocation;
using Junction.Registry;
using Junction.Runtime.Tests.Cluster;
using Junction.Runtime.Tests.Pipeline;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Junction.Runtime.Tests.Filters;

/// <summary>
/// The filter pipeline as users meet it: their filters from DI and options in order on both sides, a throwing filter
/// ending the call, attachments both ways, deadlines across hops, and the access log.
/// </summary>
public class FilterPipelineTests
{
    [Fact]
    public async Task Filters_from_DI_and_options_run_in_order_on_both_sides_and_see_the_result_on_the_way_out()
    {
        var registry = new InMemoryRegistry();
        var journal = new Journal();
        await using var provider = await TestHost.StartAsync(services =>
        {
            services.AddSingleton(journal);
            services.AddSingleton(new Who("a"));
            services.AddJunction(o =>
                {
                    o.UseRegistry(registry);
                    o.ProviderFilters.Add(new Recording(journal, "provider-app"));
                })
                .AddFilter<ProviderFromDi>(FilterSide.Provider)
                .AddRpcService<IWhoProbe, Who>(s => s.Filters.Add(new Recording(journal, "provider-service")));
        });
        await using var consumer = await TestHost.StartAsync(services =>
        {
            services.AddSingleton(journal);
            services.AddJunction(o => o.UseRegistry(registry))
                .AddFilter<ConsumerFromDi>(FilterSide.Consumer)
                .AddRpcClient<IWhoProbe>(c => c.Filters.Add(new Recording(journal, "consumer-reference")));
        });

        Assert.Equal("a", await consumer.Services.GetRequiredService<IWhoProbe>().WhoAsync());

        Assert.Equal(
            [
                "in consumer-di", "in consumer-reference", "in provider-app", "in provider-di", "in provider-service",
                "out provider-service ok", "out provider-di ok", "out provider-app ok", "out consumer-reference ok", "out consumer-di ok",
            ],
            journal.Entries);
    }

    [Theory]
    [InlineData(FilterSide.Consumer)]
    [InlineData(FilterSide.Provider)]
    public async Task A_filter_that_throws_ends_the_call_with_its_error(FilterSide side)
    {
        var registry = new InMemoryRegistry();
        var reached = false;
        await using var provider = await TestHost.StartAsync(services =>
        {
            services.AddSingleton(new Who("a", () => reached = true));
            services.AddJunction(o =>
                {
                    o.UseRegistry(registry);
                    if (side == FilterSide.Provider)
                    {
                        o.ProviderFilters.Add(new Refusing());
                    }
                })
                .AddRpcService<IWhoProbe, Who>();
        });
        var options = new JunctionClientOptions { Registry = registry };
        if (side == FilterSide.Consumer)
        {
            options.Filters.Add(new Refusing());
        }

        await using var client = new TestClient<IWhoProbe>(options);

        var error = await Assert.ThrowsAsync<RpcException>(() => client.Proxy.WhoAsync());
        Assert.Equal(RpcStatusCode.PermissionDenied, error.StatusCode);
        Assert.Contains("closed on Sundays", error.Message, StringComparison.Ordinal);
        Assert.False(reached);
    }

    [Fact]
    public async Task Attachments_reach_the_provider_and_response_attachments_come_back_to_a_capture_scope()
    {
        var registry = new InMemoryRegistry();
        await using var provider = await TestHost.StartAsync(services =>
        {
            services.AddSingleton(new Who("a", () =>
            {
                var tenant = RpcContext.ServerAttachments.GetValueOrDefault("tenant", "none");
                RpcContext.SetResponseAttachment("served-tenant", tenant);
            }));
            services.AddJunction(o => o.UseRegistry(registry)).AddRpcService<IWhoProbe, Who>();
        });
        await using var client = new TestClient<IWhoProbe>(new JunctionClientOptions { Registry = registry });

        using (RpcContext.WithAttachment("tenant", "acme"))
        using (var capture = RpcContext.CaptureResponse())
        {
            Assert.Empty(capture.Attachments);
            await client.Proxy.WhoAsync();
            Assert.Equal("acme", capture.Attachments["served-tenant"]);
        }

        // Outside a provider there is no call to answer.
        Assert.False(RpcContext.SetResponseAttachment("k", "v"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_call_made_while_serving_gets_at_most_the_time_left_when_deadlines_propagate(bool propagate)
    {
        var registry = new InMemoryRegistry();
        var nestedTimeouts = new Journal();
        await using var who = await TestHost.StartAsync(services =>
        {
            services.AddSingleton(new Who("a"));
            services.AddJunction(o => o.UseRegistry(registry)).AddRpcService<IWhoProbe, Who>();
        });
        await using var relay = await TestHost.StartAsync(services =>
        {
            services.AddSingleton<Relay>();
            services.AddJunction(o =>
                {
                    o.UseRegistry(registry);
                    o.PropagateDeadline = propagate;
                    o.DefaultTimeoutMs = 5_000;
                })
                .AddRpcClient<IWhoProbe>(c => c.Filters.Add(new TimeoutRecorder(nestedTimeouts)))
                .AddRpcService<IRelayProbe, Relay>();
        });
        // Long enough for a first relay and nested call on a busy machine, short enough to tell apart from the 5 s default.
        await using var client = new TestClient<IRelayProbe>(new JunctionClientOptions { Registry = registry, TimeoutMs = 3_000 });

        Assert.Equal("a", await client.Proxy.RelayAsync());

        var nested = TimeSpan.FromMilliseconds(double.Parse(Assert.Single(nestedTimeouts.Entries), System.Globalization.CultureInfo.InvariantCulture));
        if (propagate)
        {
            Assert.InRange(nested, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(3_000));
        }
        else
        {
            Assert.Equal(TimeSpan.FromMilliseconds(5_000), nested);
        }
    }

    [Fact]
    public async Task A_call_made_after_the_served_call_ran_out_of_time_fails_at_once_without_being_sent()
    {
        await using var relay = await LateRelayHosts.StartAsync();
        await using var client = relay.Client(timeoutMs: 100);

        var timedOut = await Assert.ThrowsAsync<RpcException>(() => client.Proxy.RelayLateAsync(CancellationToken.None));
        Assert.Equal(RpcStatusCode.DeadlineExceeded, timedOut.StatusCode);

        // Whichever reaches the relay first refuses it: the consumer's cancel when it times out (Cancelled), or the
        // provider's own deadline (DeadlineExceeded). Each is made certain in its own test.
        var nested = await relay.AssertNestedCallRefusedAsync();
        Assert.Contains(nested.StatusCode, new[] { RpcStatusCode.Cancelled, RpcStatusCode.DeadlineExceeded });
    }

    [Fact]
    public async Task A_call_made_after_the_served_call_was_cancelled_by_its_consumer_fails_at_once_without_being_sent()
    {
        // The consumer gives up long before the deadline (its caller cancels), so the time measured from the start of
        // serving still shows seconds left: only the served call's cancellation can stop the nested call. (CI saw the
        // test above send it: the consumer's cancel arrived while the provider still counted milliseconds left.)
        await using var relay = await LateRelayHosts.StartAsync();
        await using var client = relay.Client(timeoutMs: 30_000);

        using var cancel = new CancellationTokenSource();
        var call = client.Proxy.RelayLateAsync(cancel.Token);
        await relay.Started.Task.WaitAsync(ClusterKit.Patience);
        await cancel.CancelAsync();
        var cancelled = await Assert.ThrowsAsync<RpcException>(() => call);
        Assert.Equal(RpcStatusCode.Cancelled, cancelled.StatusCode);

        var nested = await relay.AssertNestedCallRefusedAsync();
        Assert.Equal(RpcStatusCode.Cancelled, nested.StatusCode);
        Assert.Contains("ISlowRelayProbe.RelayLate) was cancelled", nested.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_access_log_writes_one_line_per_call_with_its_outcome_to_the_logger()
    {
        var registry = new InMemoryRegistry();
        var log = new ListLoggerProvider();
        await using var provider = await TestHost.StartAsync(services =>
        {
            services.AddLogging(b => b.AddProvider(log));
            services.AddSingleton(new Who("a"));
            services.AddJunction(o => o.UseRegistry(registry)).AddRpcService<IWhoProbe, Who>(s => s.AccessLog = "true");
        });
        await using var client = new TestClient<IWhoProbe>(new JunctionClientOptions { Registry = registry, Application = "shop" });

        await client.Proxy.WhoAsync();
        await client.Proxy.WhoAsync();

        var lines = log.Logger.Entries.Where(e => e.Message.Contains(" Who ", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, lines.Count);
        Assert.All(lines, line => Assert.Matches(@"IWhoProbe\S* Who OK [\d.]+ ms from shop$", line.Message));
        Assert.Equal("Junction.AccessLog." + Contracts.ContractRegistry.Get<IWhoProbe>().InterfaceName, log.LastCategory);
    }

    [Fact]
    public async Task The_access_log_writes_to_a_file_when_given_a_path()
    {
        var folder = Directory.CreateTempSubdirectory("junction-accesslog-").FullName;
        try
        {
            var path = Path.Combine(folder, "access.log");
            var registry = new InMemoryRegistry();
            await using var provider = await TestHost.StartAsync(services =>
            {
                services.AddSingleton(new Who("a"));
                services.AddJunction(o => o.UseRegistry(registry)).AddRpcService<IWhoProbe, Who>(s => s.AccessLog = path);
            });
            await using var client = new TestClient<IWhoProbe>(new JunctionClientOptions { Registry = registry });

            for (var i = 0; i < 3; i++)
            {
                await client.Proxy.WhoAsync();
            }

            await AccessLogFile.Open(path, Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance).FlushAsync().WaitAsync(ClusterKit.Patience);
            var lines = await File.ReadAllLinesAsync(path);
            Assert.Equal(3, lines.Length);
            Assert.All(lines, line => Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z \S*IWhoProbe\S* Who OK [\d.]+ ms from ", line));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private sealed class Who(string name, Action? onCall = null) : IWhoProbe
    {
        public Task<string> WhoAsync()
        {
            onCall?.Invoke();
            return Task.FromResult(name);
        }
    }

    private sealed class Relay(IWhoProbe who) : IRelayProbe
    {
        public Task<string> RelayAsync() => who.WhoAsync();
    }

    /// <summary>Waits until its call is cancelled (its deadline passed, or its consumer gave up), then calls on and reports what happened.</summary>
    private sealed class LateRelay(IWhoProbe who, TaskCompletionSource<Exception> outcome, RelayStarted started) : ISlowRelayProbe
    {
        public async Task<string> RelayLateAsync(CancellationToken cancellationToken)
        {
            started.TrySetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                // The consumer has given up, or the deadline passed.
            }

            try
            {
                await who.WhoAsync();
                outcome.TrySetResult(new InvalidOperationException("the nested call was sent"));
            }
            catch (Exception e)
            {
                outcome.TrySetResult(e);
            }

            return "late";
        }
    }

    /// <summary>Completes once the relay is serving a call.</summary>
    private sealed class RelayStarted() : TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>A provider of <see cref="IWhoProbe"/> and a <see cref="LateRelay"/> calling it, with deadlines propagated.</summary>
    private sealed class LateRelayHosts : IAsyncDisposable
    {
        private readonly InMemoryRegistry _registry = new();
        private readonly TaskCompletionSource<Exception> _outcome = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private TestHost? _who;
        private TestHost? _relay;
        private int _whoCalls;

        public RelayStarted Started { get; } = new();

        public static async Task<LateRelayHosts> StartAsync()
        {
            var hosts = new LateRelayHosts();
            try
            {
                hosts._who = await TestHost.StartAsync(services =>
                {
                    services.AddSingleton(new Who("a", () => Interlocked.Increment(ref hosts._whoCalls)));
                    services.AddJunction(o => o.UseRegistry(hosts._registry)).AddRpcService<IWhoProbe, Who>();
                });
                hosts._relay = await TestHost.StartAsync(services =>
                {
                    services.AddSingleton(hosts._outcome);
                    services.AddSingleton(hosts.Started);
                    services.AddSingleton<LateRelay>();
                    services.AddJunction(o =>
                        {
                            o.UseRegistry(hosts._registry);
                            o.PropagateDeadline = true;
                        })
                        .AddRpcClient<IWhoProbe>()
                        .AddRpcService<ISlowRelayProbe, LateRelay>();
                });
                return hosts;
            }
            catch
            {
                await hosts.DisposeAsync();
                throw;
            }
        }

        public TestClient<ISlowRelayProbe> Client(int timeoutMs) => new(new JunctionClientOptions { Registry = _registry, TimeoutMs = timeoutMs });

        /// <summary>The relay's nested call failed at once, saying it was not sent, and never reached the provider.</summary>
        public async Task<RpcException> AssertNestedCallRefusedAsync()
        {
            var nested = Assert.IsType<RpcException>(await _outcome.Task.WaitAsync(ClusterKit.Patience));
            Assert.Contains("IWhoProbe.Who was not sent", nested.Message, StringComparison.Ordinal);
            Assert.Equal(0, Volatile.Read(ref _whoCalls));
            return nested;
        }

        public async ValueTask DisposeAsync()
        {
            if (_relay is not null)
            {
                await _relay.DisposeAsync();
            }

            if (_who is not null)
            {
                await _who.DisposeAsync();
            }
        }
    }

    internal sealed class Journal
    {
        private readonly List<string> _entries = [];

        public IReadOnlyList<string> Entries
        {
            get
            {
                lock (_entries)
                {
                    return [.. _entries];
                }
            }
        }

        public void Add(string entry)
        {
            lock (_entries)
            {
                _entries.Add(entry);
            }
        }
    }

    private class Recording(Journal journal, string name) : IFilter
    {
        public async ValueTask<RpcResult> InvokeAsync(Invocation.Invocation invocation, InvokerDelegate next)
        {
            journal.Add("in " + name);
            var result = await next(invocation);
            journal.Add("out " + name + (result.IsSuccess ? " ok" : " failed"));
            return result;
        }
    }

    private sealed class ProviderFromDi(Journal journal) : Recording(journal, "provider-di");

    private sealed class ConsumerFromDi(Journal journal) : Recording(journal, "consumer-di");

    private sealed class Refusing : IFilter
    {
        public ValueTask<RpcResult> InvokeAsync(Invocation.Invocation invocation, InvokerDelegate next)
            => throw new RpcException(RpcStatusCode.PermissionDenied, "closed on Sundays");
    }

    private sealed class TimeoutRecorder(Journal journal) : IFilter
    {
        public ValueTask<RpcResult> InvokeAsync(Invocation.Invocation invocation, InvokerDelegate next)
        {
            journal.Add(invocation.Timeout.TotalMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
            return next(invocation);
        }
    }

    private sealed class ListLoggerProvider : ILoggerProvider
    {
        public ListLogger Logger { get; } = new();

        public string? LastCategory { get; private set; }

        public ILogger CreateLogger(string categoryName)
        {
            if (categoryName.StartsWith("Junction.AccessLog", StringComparison.Ordinal))
            {
                LastCategory = categoryName;
                return Logger;
            }

            return Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
        }

        public void Dispose()
        {
        }
    }
}

/// <summary>A provider that outlives its own deadline before calling on: for deadline propagation.</summary>
[RpcService(Protocol = "inproc")]
public interface ISlowRelayProbe
{
    Task<string> RelayLateAsync(CancellationToken cancellationToken);
}
