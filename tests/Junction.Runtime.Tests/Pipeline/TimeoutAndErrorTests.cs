using System.Diagnostics;
using System.Runtime.CompilerServices;
using Junction.Contracts;
using Junction.Hosting;
using Junction.Registry;
using Microsoft.Extensions.DependencyInjection;

namespace Junction.Runtime.Tests.Pipeline;

/// <summary>
/// What a caller sees when the provider is slow or fails: a deadline, its own cancellation, or the provider's error,
/// each as an <see cref="RpcException"/> with a status and a message that says where it happened.
/// </summary>
public class TimeoutAndErrorTests
{
    /// <summary>Only turns a hang into a failure; every call here returns in well under a second.</summary>
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(20);

    private static readonly string ServiceKey = ContractRegistry.Get<ISlowProbe>().ServiceKey;

    [Fact]
    public async Task A_call_that_never_completes_fails_with_DeadlineExceeded_after_the_contract_timeout()
    {
        var registry = new InMemoryRegistry();
        var service = new SlowService();
        await using var provider = await TestHost.StartProviderAsync<ISlowProbe, SlowService>(registry, service);
        await using var client = new TestClient<ISlowProbe>(new JunctionClientOptions { Registry = registry });

        var (error, elapsed) = await FailAsync(() => client.Proxy.HangAsync(CancellationToken.None));

        Assert.Equal(RpcStatusCode.DeadlineExceeded, error.StatusCode);
        Assert.Contains(ServiceKey, error.Message, StringComparison.Ordinal);
        Assert.Contains("Hang", error.Message, StringComparison.Ordinal);
        Assert.Contains("within 300 ms", error.Message, StringComparison.Ordinal);
        AssertAbout(TimeSpan.FromMilliseconds(300), elapsed);

        // The implementation ignored its token, but the token was cancelled so a cooperative one could stop.
        await service.TokenCancelled.Task.WaitAsync(HangGuard);
    }

    [Fact]
    public async Task The_reference_timeout_overrides_the_contract_timeout()
    {
        var registry = new InMemoryRegistry();
        var service = new SlowService();
        await using var provider = await TestHost.StartProviderAsync<ISlowProbe, SlowService>(registry, service);
        await using var consumer = await TestHost.StartConsumerAsync<ISlowProbe>(registry, r => r.TimeoutMs = 150);
        var client = consumer.Services.GetService<ISlowProbe>()!;

        var (error, elapsed) = await FailAsync(() => client.HangAsync(CancellationToken.None));

        Assert.Equal(RpcStatusCode.DeadlineExceeded, error.StatusCode);
        Assert.Contains("within 150 ms", error.Message, StringComparison.Ordinal);
        AssertAbout(TimeSpan.FromMilliseconds(150), elapsed);
        await service.TokenCancelled.Task.WaitAsync(HangGuard);
    }

    [Fact]
    public async Task A_method_without_a_contract_timeout_uses_the_application_default()
    {
        var registry = new InMemoryRegistry();
        var service = new SlowService();
        await using var provider = await TestHost.StartProviderAsync<ISlowProbe, SlowService>(registry, service);
        await using var client = new TestClient<ISlowProbe>(new JunctionClientOptions { Registry = registry, DefaultTimeoutMs = 200 });

        var (error, elapsed) = await FailAsync(() => client.Proxy.HangWithoutContractTimeoutAsync(CancellationToken.None));

        Assert.Equal(RpcStatusCode.DeadlineExceeded, error.StatusCode);
        Assert.Contains("HangWithoutContractTimeout", error.Message, StringComparison.Ordinal);
        Assert.Contains("within 200 ms", error.Message, StringComparison.Ordinal);
        AssertAbout(TimeSpan.FromMilliseconds(200), elapsed);
        await service.TokenCancelled.Task.WaitAsync(HangGuard);
    }

    [Fact]
    public async Task Caller_cancellation_fails_the_call_with_Cancelled_and_cancels_the_implementation()
    {
        var registry = new InMemoryRegistry();
        var service = new SlowService();
        await using var provider = await TestHost.StartProviderAsync<ISlowProbe, SlowService>(registry, service);

        // A long timeout, so only the caller's cancellation can end the call.
        await using var client = new TestClient<ISlowProbe>(new JunctionClientOptions { Registry = registry, TimeoutMs = 60_000 });
        using var cancellation = new CancellationTokenSource();

        var call = client.Proxy.HangAsync(cancellation.Token);
        await service.Started.Task.WaitAsync(HangGuard);
        Assert.False(call.IsCompleted);
        await cancellation.CancelAsync();

        var error = await Assert.ThrowsAsync<RpcException>(() => call.WaitAsync(HangGuard));
        Assert.Equal(RpcStatusCode.Cancelled, error.StatusCode);
        Assert.Contains("cancelled by the caller", error.Message, StringComparison.Ordinal);
        Assert.Contains(ServiceKey, error.Message, StringComparison.Ordinal);
        await service.TokenCancelled.Task.WaitAsync(HangGuard);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task An_exception_thrown_by_the_implementation_arrives_as_Unknown_with_its_type_message_and_provider(bool asynchronously)
    {
        var registry = new InMemoryRegistry();
        var service = new SlowService();
        await using var provider = await TestHost.StartProviderAsync<ISlowProbe, SlowService>(registry, service);
        await using var client = new TestClient<ISlowProbe>(new JunctionClientOptions { Registry = registry });
        var address = Assert.Single(registry.GetInstances(ServiceKey)).ToString();

        var (error, _) = await FailAsync(asynchronously ? client.Proxy.ThrowAsync : client.Proxy.ThrowSynchronouslyAsync);

        Assert.Equal(RpcStatusCode.Unknown, error.StatusCode);
        Assert.Contains(nameof(InvalidOperationException), error.Message, StringComparison.Ordinal);
        Assert.Contains(SlowService.Boom, error.Message, StringComparison.Ordinal);
        Assert.Contains(address, error.Message, StringComparison.Ordinal);

        // The provider's stack trace stays on the provider: not in the message, not in an inner exception.
        Assert.DoesNotContain(nameof(SlowService.ExplodeDeepInsideTheProvider), error.ToString(), StringComparison.Ordinal);
        Assert.Equal(1, service.Throws);
    }

    private static async Task<(RpcException Error, TimeSpan Elapsed)> FailAsync(Func<Task<string>> call)
    {
        var stopwatch = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<RpcException>(() => call().WaitAsync(HangGuard));
        return (error, stopwatch.Elapsed);
    }

    /// <summary>
    /// The deadline did not fire early, and fired without a delay anyone would mistake for a hang. The upper bound is
    /// loose on purpose: a loaded CI machine may run timers late, and the message already names the exact timeout.
    /// </summary>
    private static void AssertAbout(TimeSpan timeout, TimeSpan elapsed)
    {
        Assert.True(elapsed >= timeout - TimeSpan.FromMilliseconds(20), $"failed after {elapsed.TotalMilliseconds:0} ms, before the {timeout.TotalMilliseconds:0} ms timeout");
        Assert.True(elapsed < timeout + TimeSpan.FromSeconds(5), $"failed after {elapsed.TotalMilliseconds:0} ms for a {timeout.TotalMilliseconds:0} ms timeout");
    }

    private sealed class SlowService : ISlowProbe
    {
        public const string Boom = "boom";

        private int _throws;

        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource TokenCancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Throws => Volatile.Read(ref _throws);

        public Task<string> HangAsync(CancellationToken cancellationToken) => Hang(cancellationToken);

        public Task<string> HangWithoutContractTimeoutAsync(CancellationToken cancellationToken) => Hang(cancellationToken);

        public async Task<string> ThrowAsync()
        {
            await Task.Yield();
            return ExplodeDeepInsideTheProvider();
        }

        public Task<string> ThrowSynchronouslyAsync() => Task.FromResult(ExplodeDeepInsideTheProvider());

        [MethodImpl(MethodImplOptions.NoInlining)]
        public string ExplodeDeepInsideTheProvider()
        {
            Interlocked.Increment(ref _throws);
            throw new InvalidOperationException(Boom);
        }

        /// <summary>Never completes, and ignores its token except to report that it was cancelled.</summary>
        private Task<string> Hang(CancellationToken cancellationToken)
        {
            cancellationToken.Register(() => TokenCancelled.TrySetResult());
            Started.TrySetResult();
            return new TaskCompletionSource<string>().Task;
        }
    }
}
