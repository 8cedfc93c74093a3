using Junction.Contracts;
using Junction.Registry;
using Microsoft.Extensions.DependencyInjection;

namespace Junction.Runtime.Tests.Pipeline;

/// <summary>A consumer whose provider stops gets a prompt, clear Unavailable, and recovers when a provider returns.</summary>
public class ProviderStopTests
{
    /// <summary>Only turns a hang into a failure.</summary>
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task After_the_provider_host_stops_calls_fail_with_Unavailable_and_work_again_when_a_provider_starts()
    {
        var registry = new InMemoryRegistry();
        var serviceKey = ContractRegistry.Get<IWhoProbe>().ServiceKey;
        await using var consumer = await TestHost.StartConsumerAsync<IWhoProbe>(registry);
        var client = consumer.Services.GetRequiredService<IWhoProbe>();

        await using (var provider = await TestHost.StartProviderAsync<IWhoProbe, WhoService>(registry, new WhoService("first")))
        {
            Assert.Equal("first", await client.WhoAsync().WaitAsync(HangGuard));

            await provider.StopAsync();
            Assert.Empty(registry.GetInstances(serviceKey));

            var error = await Assert.ThrowsAsync<RpcException>(() => client.WhoAsync().WaitAsync(HangGuard));
            Assert.Equal(RpcStatusCode.Unavailable, error.StatusCode);
            Assert.Contains(serviceKey, error.Message, StringComparison.Ordinal);
            Assert.Contains("the registry lists no provider", error.Message, StringComparison.Ordinal);
        }

        await using var replacement = await TestHost.StartProviderAsync<IWhoProbe, WhoService>(registry, new WhoService("second"));
        Assert.Equal("second", await client.WhoAsync().WaitAsync(HangGuard));
    }

    private sealed class WhoService(string name) : IWhoProbe
    {
        public Task<string> WhoAsync() => Task.FromResult(name);
    }
}
