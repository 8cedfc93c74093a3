using Junction.Registry;
using Microsoft.Extensions.DependencyInjection;

namespace Junction.Runtime.Tests.Pipeline;

public class StartupFailureTests
{
    [Fact]
    public async Task A_host_that_fails_to_start_withdraws_the_services_it_had_already_registered()
    {
        var registry = new InMemoryRegistry();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => TestHost.StartAsync(services =>
        {
            services.AddSingleton(new Who("first"));
            services.AddSingleton(new GrpcOnly());
            services.AddJunction(o => o.UseRegistry(registry))
                .AddRpcService<IWhoProbe, Who>()
                .AddRpcService<IGrpcOnlyProbe, GrpcOnly>();
        }));

        // The second export failed with a message that says what is missing and how to fix it ...
        Assert.Contains("protocol 'grpc'", error.Message);
        Assert.Contains("registered: inproc, tcp", error.Message);
        Assert.Contains("[RpcService(Protocol = ...)]", error.Message);

        // ... and the first one, already registered, was withdrawn: consumers are not sent to a provider that never started.
        var whoKey = Junction.Contracts.ContractRegistry.Get<IWhoProbe>().ServiceKey;
        Assert.Empty(registry.GetInstances(whoKey));
    }

    private sealed class Who(string name) : IWhoProbe
    {
        public Task<string> WhoAsync() => Task.FromResult(name);
    }

    private sealed class GrpcOnly : IGrpcOnlyProbe
    {
        public Task PingAsync() => Task.CompletedTask;
    }
}
