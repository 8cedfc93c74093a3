using System.Collections.Concurrent;
using Junction.Contracts;
using Junction.Hosting;
using Junction.Registry;

namespace Junction.Runtime.Tests.Pipeline;

/// <summary>
/// Fault tolerance with two providers, one of which answers Unavailable: idempotent methods fail over to the other
/// provider, other methods and failfast references surface the failure, and every attempt is accounted for.
/// </summary>
public class FailoverTests
{
    /// <summary>With random balancing the failing provider is picked first in about half the calls; missing it in all
    /// 64 has probability 2^-64.</summary>
    private const int Calls = 64;

    private const string Healthy = "healthy";
    private const string Failing = "failing";

    private static readonly string ServiceKey = ContractRegistry.Get<IFailoverProbe>().ServiceKey;

    [Fact]
    public async Task An_idempotent_method_fails_over_to_the_other_provider_and_never_calls_one_provider_twice()
    {
        var log = new CallLog();
        var registry = new InMemoryRegistry();
        await using var healthy = await StartAsync(registry, Healthy, fail: false, log);
        await using var failing = await StartAsync(registry, Failing, fail: true, log);
        await using var client = new TestClient<IFailoverProbe>(new JunctionClientOptions { Registry = registry });

        for (var call = 0; call < Calls; call++)
        {
            Assert.Equal(Healthy, await client.Proxy.ReadAsync(call));
        }

        var attempts = log.ByCall();
        Assert.Equal(Calls, attempts.Count);
        Assert.All(attempts.Values, providers =>
        {
            Assert.Equal(providers.Distinct().Count(), providers.Count);
            Assert.Equal(Healthy, providers[^1]);
        });
        Assert.Contains(attempts.Values, providers => providers[0] == Failing);
    }

    [Fact]
    public async Task A_method_that_is_not_idempotent_is_not_retried()
    {
        var log = new CallLog();
        var registry = new InMemoryRegistry();
        await using var healthy = await StartAsync(registry, Healthy, fail: false, log);
        await using var failing = await StartAsync(registry, Failing, fail: true, log);
        await using var client = new TestClient<IFailoverProbe>(new JunctionClientOptions { Registry = registry });

        var failures = await CallEachOnceAsync(client.Proxy.WriteAsync, log);

        Assert.InRange(failures, 1, Calls - 1);
    }

    [Fact]
    public async Task Failfast_never_retries_even_an_idempotent_method()
    {
        var log = new CallLog();
        var registry = new InMemoryRegistry();
        await using var healthy = await StartAsync(registry, Healthy, fail: false, log);
        await using var failing = await StartAsync(registry, Failing, fail: true, log);
        await using var client = new TestClient<IFailoverProbe>(new JunctionClientOptions { Registry = registry, Cluster = "failfast" });

        var failures = await CallEachOnceAsync(client.Proxy.ReadAsync, log);

        Assert.InRange(failures, 1, Calls - 1);
    }

    [Fact]
    public async Task Retries_set_on_the_reference_apply_to_a_method_that_is_not_idempotent()
    {
        var log = new CallLog();
        var registry = new InMemoryRegistry();
        await using var healthy = await StartAsync(registry, Healthy, fail: false, log);
        await using var failing = await StartAsync(registry, Failing, fail: true, log);
        await using var client = new TestClient<IFailoverProbe>(new JunctionClientOptions { Registry = registry, Retries = 1 });

        for (var call = 0; call < Calls; call++)
        {
            Assert.Equal(Healthy, await client.Proxy.WriteAsync(call));
        }

        Assert.Contains(log.ByCall().Values, providers => providers is [Failing, Healthy]);
    }

    [Fact]
    public async Task When_every_provider_fails_the_error_names_the_attempts_and_the_last_error()
    {
        var log = new CallLog();
        var registry = new InMemoryRegistry();
        await using var first = await StartAsync(registry, "first", fail: true, log);
        await using var second = await StartAsync(registry, "second", fail: true, log);
        await using var client = new TestClient<IFailoverProbe>(new JunctionClientOptions { Registry = registry });
        var addresses = registry.GetInstances(ServiceKey).Select(i => i.ToString()).ToArray();
        var attempts = new JunctionOptions().DefaultRetries + 1;

        var error = await Assert.ThrowsAsync<RpcException>(() => client.Proxy.ReadAsync(0));

        Assert.Equal(RpcStatusCode.Unavailable, error.StatusCode);
        Assert.Contains($"failed after {attempts} attempts", error.Message, StringComparison.Ordinal);
        Assert.All(addresses, address => Assert.Contains(address, error.Message, StringComparison.Ordinal));
        Assert.Contains("is draining", error.Message, StringComparison.Ordinal);

        // Both providers were tried before either was tried again.
        var providers = log.ByCall()[0];
        Assert.Equal(attempts, providers.Count);
        Assert.NotEqual(providers[0], providers[1]);
    }

    [Fact]
    public async Task With_no_provider_registered_the_call_fails_with_Unavailable_naming_the_service_key()
    {
        await using var client = new TestClient<IFailoverProbe>(new JunctionClientOptions { Registry = new InMemoryRegistry() });

        var error = await Assert.ThrowsAsync<RpcException>(() => client.Proxy.ReadAsync(0));

        Assert.Equal(RpcStatusCode.Unavailable, error.StatusCode);
        Assert.Contains(ServiceKey, error.Message, StringComparison.Ordinal);
        Assert.Contains("the registry lists no provider", error.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// Makes <see cref="Calls"/> calls that must each reach exactly one provider: the healthy one answers, the failing
    /// one's Unavailable reaches the caller as is. Returns how many calls failed.
    /// </summary>
    private static async Task<int> CallEachOnceAsync(Func<int, Task<string>> method, CallLog log)
    {
        var failures = 0;
        for (var call = 0; call < Calls; call++)
        {
            try
            {
                Assert.Equal(Healthy, await method(call));
            }
            catch (RpcException e)
            {
                Assert.Equal(RpcStatusCode.Unavailable, e.StatusCode);
                Assert.Contains($"{Failing} is draining", e.Message, StringComparison.Ordinal);
                failures++;
            }
        }

        var attempts = log.ByCall();
        Assert.Equal(Calls, attempts.Count);
        Assert.All(attempts.Values, providers => Assert.Single(providers));
        Assert.Equal(failures, attempts.Values.Count(providers => providers[0] == Failing));
        return failures;
    }

    private static Task<TestHost> StartAsync(InMemoryRegistry registry, string name, bool fail, CallLog log)
        => TestHost.StartProviderAsync<IFailoverProbe, FailoverService>(registry, new FailoverService(name, fail, log));

    /// <summary>Which providers each call reached, in order.</summary>
    private sealed class CallLog
    {
        private readonly ConcurrentQueue<(int Call, string Provider)> _entries = new();

        public void Add(int call, string provider) => _entries.Enqueue((call, provider));

        public Dictionary<int, List<string>> ByCall()
            => _entries.GroupBy(e => e.Call).ToDictionary(g => g.Key, g => g.Select(e => e.Provider).ToList());
    }

    private sealed class FailoverService(string name, bool fail, CallLog log) : IFailoverProbe
    {
        public Task<string> ReadAsync(int call) => Answer(call);

        public Task<string> WriteAsync(int call) => Answer(call);

        private Task<string> Answer(int call)
        {
            log.Add(call, name);
            return fail
                ? Task.FromException<string>(new RpcException(RpcStatusCode.Unavailable, $"{name} is draining"))
                : Task.FromResult(name);
        }
    }
}
