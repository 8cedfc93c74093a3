using Junction.Hosting;
using Junction.Registry;
using Junction.Runtime.Tests.Pipeline;
using Microsoft.Extensions.DependencyInjection;

namespace Junction.Runtime.Tests.Filters;

/// <summary>A client made without DI signs its calls with the keys it was given.</summary>
public class ClientSecurityTests
{
    [Fact]
    public async Task A_client_made_without_DI_signs_calls_and_one_without_keys_is_refused()
    {
        var registry = new InMemoryRegistry();
        await using var provider = await TestHost.StartAsync(services =>
        {
            services.AddSingleton(new Who());
            services.AddJunction(o =>
                {
                    o.UseRegistry(registry);
                    o.Security.Authenticate = true;
                    o.Security.Credentials["shop"] = "s3cret";
                })
                .AddRpcService<IWhoProbe, Who>();
        });

        var signed = new JunctionClientOptions { Registry = registry };
        signed.Security.AccessKey = "shop";
        signed.Security.SecretKey = "s3cret";
        await using var client = new TestClient<IWhoProbe>(signed);
        Assert.Equal("who", await client.Proxy.WhoAsync());

        await using var anonymous = new TestClient<IWhoProbe>(new JunctionClientOptions { Registry = registry });
        var error = await Assert.ThrowsAsync<RpcException>(() => anonymous.Proxy.WhoAsync());
        Assert.Equal(RpcStatusCode.Unauthenticated, error.StatusCode);
    }

    private sealed class Who : IWhoProbe
    {
        public Task<string> WhoAsync() => Task.FromResult("who");
    }
}
