using Junction.Hosting;
using Junction.Registry;

namespace Junction.Runtime.Tests.Pipeline;

/// <summary><see cref="ReferenceOptions.Methods"/>: one method of a reference configured apart from the others.</summary>
public class MethodOptionsTests
{
    [Fact]
    public async Task A_method_load_balancer_replaces_the_reference_one()
    {
        var registry = new InMemoryRegistry();
        await using var a = await TestHost.StartProviderAsync<IWhoProbe, NamedWho>(registry, new NamedWho("a"));
        await using var b = await TestHost.StartProviderAsync<IWhoProbe, NamedWho>(registry, new NamedWho("b"));
        var options = new JunctionClientOptions { Registry = registry, LoadBalance = "random" };
        options.Methods["WhoAsync"] = new MethodOptions { LoadBalance = "roundrobin" };
        await using var client = new TestClient<IWhoProbe>(options);

        var answers = new List<string>();
        for (var i = 0; i < 40; i++)
        {
            answers.Add(await client.Proxy.WhoAsync());
        }

        // Random would repeat a provider within 40 calls with near certainty; round robin never does.
        for (var i = 1; i < answers.Count; i++)
        {
            Assert.True(answers[i] != answers[i - 1], $"calls {i - 1} and {i} both went to {answers[i]}: {string.Join(" ", answers)}");
        }
    }

    [Fact]
    public async Task A_method_timeout_applies_to_that_method_only()
    {
        var registry = new InMemoryRegistry();
        await using var provider = await TestHost.StartProviderAsync<ISlowProbe, HangingProbe>(registry, new HangingProbe());
        var options = new JunctionClientOptions { Registry = registry, TimeoutMs = 1_500 };
        options.Methods["HangWithoutContractTimeout"] = new MethodOptions { TimeoutMs = 100 };
        await using var client = new TestClient<ISlowProbe>(options);

        var error = await Assert.ThrowsAsync<RpcException>(() => client.Proxy.HangWithoutContractTimeoutAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.Equal(RpcStatusCode.DeadlineExceeded, error.StatusCode);
        Assert.Contains("within 100 ms", error.Message, StringComparison.Ordinal);

        // The other method keeps the reference's timeout.
        var other = await Assert.ThrowsAsync<RpcException>(() => client.Proxy.HangAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.Equal(RpcStatusCode.DeadlineExceeded, other.StatusCode);
        Assert.Contains("within 1500 ms", other.Message, StringComparison.Ordinal);
    }

    private sealed class NamedWho(string name) : IWhoProbe
    {
        public Task<string> WhoAsync() => Task.FromResult(name);
    }

    private sealed class HangingProbe : ISlowProbe
    {
        public Task<string> HangAsync(CancellationToken cancellationToken) => Task.Delay(Timeout.Infinite, cancellationToken).ContinueWith(_ => "", TaskScheduler.Default);

        public Task<string> HangWithoutContractTimeoutAsync(CancellationToken cancellationToken) => HangAsync(cancellationToken);

        public Task<string> ThrowAsync() => Task.FromResult("");

        public Task<string> ThrowSynchronouslyAsync() => Task.FromResult("");
    }
}
