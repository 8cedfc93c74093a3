using System.Collections.Concurrent;

namespace Junction.IntegrationTests.Tcp;

/// <summary>
/// A client made with <see cref="Hosting.JunctionClient.Create{TContract}"/> starts connecting at once; calls made
/// while it connects wait for the connection and then succeed, whatever moment they start at.
/// </summary>
public sealed class TcpFirstCallTests(ITestOutputHelper output)
{
    private const int Clients = 60;
    private const int CallsPerClient = 32;

    [Fact]
    public async Task Calls_made_while_a_new_client_connects_all_succeed()
    {
        await using var provider = await TcpProvider.StartAsync(new TestEchoService("first-call-provider"));
        var failures = new ConcurrentQueue<string>();
        for (var i = 0; i < Clients; i++)
        {
            await using var client = EchoClient.Direct(provider.Url, timeoutMs: 30_000);
            // Calls start on several threads, spread over the time it takes to connect.
            var calls = new Task[CallsPerClient];
            for (var c = 0; c < CallsPerClient; c++)
            {
                calls[c] = Task.Run(async () =>
                {
                    try
                    {
                        await client.Proxy.WhoAsync();
                    }
                    catch (RpcException e)
                    {
                        failures.Enqueue($"{e.StatusCode}: {e.Message}");
                    }
                });
            }

            await Task.WhenAll(calls).Within(TimeSpan.FromSeconds(30), "the first calls of a new client");
        }

        output.WriteLine($"{failures.Count} of {Clients * CallsPerClient} first calls failed");
        Assert.True(failures.IsEmpty, $"{failures.Count} first call(s) failed, for example: {failures.FirstOrDefault()}");
    }
}
