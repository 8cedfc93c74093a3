using Junction.Registry;
using Junction.TestProvider;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Junction.IntegrationTests.Tcp;

/// <summary>
/// The Quickstart's path: providers on ports the system picks register in a registry; a consumer host finds them
/// there and balances its calls round robin over both.
/// </summary>
public sealed class TcpRegistryTests
{
    [Fact]
    public async Task A_consumer_host_finds_two_providers_on_system_ports_through_the_registry_and_alternates_between_them()
    {
        var registry = new InMemoryRegistry();
        await using var first = await TcpProvider.StartAsync(new TestEchoService("provider-1"), registry: registry);
        await using var second = await TcpProvider.StartAsync(new TestEchoService("provider-2"), registry: registry);
        Assert.NotEqual(first.Port, second.Port);
        Assert.Equal(
            new[] { first.Port, second.Port }.Order(),
            registry.GetInstances(TcpProvider.ServiceKey).Select(i => i.Port).Order());

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddJunction(o =>
            {
                o.Application = "registry-consumer";
                o.UseRegistry(registry);
            })
            .AddRpcClient<IEchoService>(c =>
            {
                c.LoadBalance = "roundrobin";

                // The first call to each provider runs code not compiled yet; on a busy machine that can take most of the
                // default second, and a timed-out call retried elsewhere would spoil the round-robin count.
                c.TimeoutMs = 10_000;
            });
        using var consumer = builder.Build();
        await consumer.StartAsync();
        try
        {
            var echo = consumer.Services.GetRequiredService<IEchoService>();
            var answers = new List<string>();
            for (var i = 0; i < 10; i++)
            {
                answers.Add(await echo.WhoAsync());
            }

            Assert.Equal(5, answers.Count(a => a == "provider-1"));
            Assert.Equal(5, answers.Count(a => a == "provider-2"));
            for (var i = 1; i < answers.Count; i++)
            {
                Assert.True(answers[i] != answers[i - 1], "Round robin answered twice in a row from one provider: " + string.Join(", ", answers));
            }

            var reply = await echo.EchoAsync(new EchoRequest(1, 2, "registry"u8.ToArray()));
            Assert.Equal("registry"u8.ToArray(), reply.Payload);
        }
        finally
        {
            await consumer.StopAsync();
        }
    }
}
