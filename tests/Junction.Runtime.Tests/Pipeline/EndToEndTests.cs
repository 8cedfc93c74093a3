using System.Collections.Concurrent;
using Junction.Hosting;
using Junction.Registry;
using Junction.Runtime.Tests.Wire;
using Microsoft.Extensions.DependencyInjection;

namespace Junction.Runtime.Tests.Pipeline;

/// <summary>
/// A provider and a consumer in separate hosts, over inproc, through the generated client and dispatcher: every method
/// shape of <see cref="IWireProbe"/> works end to end.
/// </summary>
public class EndToEndTests
{
    [Fact]
    public async Task Every_method_shape_works_between_dependency_injection_hosts()
    {
        var registry = new InMemoryRegistry();
        var service = new WireProbeService();
        await using var provider = await TestHost.StartProviderAsync<IWireProbe, WireProbeService>(registry, service);
        await using var consumer = await TestHost.StartConsumerAsync<IWireProbe>(registry);

        await ExerciseAsync(consumer.Services.GetRequiredService<IWireProbe>(), service);
    }

    [Fact]
    public async Task Every_method_shape_works_through_a_client_made_without_dependency_injection()
    {
        var registry = new InMemoryRegistry();
        var service = new WireProbeService();
        await using var provider = await TestHost.StartProviderAsync<IWireProbe, WireProbeService>(registry, service);
        await using var client = new TestClient<IWireProbe>(new JunctionClientOptions { Registry = registry });

        await ExerciseAsync(client.Proxy, service);
    }

    private static async Task ExerciseAsync(IWireProbe client, WireProbeService service)
    {
        // Task<message> with a CancellationToken.
        var sent = new Everything { Text = "ping", Numbers = [1, 2, 3] };
        var echoed = await client.EchoAsync(sent);
        Assert.Equal("ping!", echoed.Text);
        Assert.Same(sent, echoed.Child);

        // Several parameters, packed into a generated request; a non-message result unpacked from its response.
        Assert.Equal(WireProbeService.Count("héllo", -4, [10, 20, 30]), await client.CountAsync("héllo", -4, [10, 20, 30]));
        Assert.Equal(WireProbeService.Count("", 0, []), await client.CountAsync("", 0, []));

        // No parameters and no result: the implementation ran once per call.
        await client.PingAsync();
        await client.PingAsync();
        Assert.Equal(2, service.Pings);

        // ValueTask<string?>: null and non-null results.
        Assert.Null(await client.FindNameAsync(0));
        Assert.Equal(WireProbeService.NameOf(7), await client.FindNameAsync(7));
        Assert.Equal(WireProbeService.NameOf(-3), await client.FindNameAsync(-3));

        // ValueTask without a result: the implementation received the argument.
        var line = new Line("sku", 2, 9.99m);
        await client.NotifyAsync(line, CancellationToken.None);
        Assert.Equal(line, Assert.Single(service.Notified));
    }

    private sealed class WireProbeService : IWireProbe
    {
        private int _pings;

        public int Pings => Volatile.Read(ref _pings);

        public ConcurrentQueue<Line> Notified { get; } = new();

        public static int Count(string text, long offset, IReadOnlyList<int> values) => text.Length + (int)offset + values.Sum();

        public static string? NameOf(int id) => id == 0 ? null : "name-" + id;

        public async Task<Everything> EchoAsync(Everything value, CancellationToken cancellationToken)
        {
            await Task.Yield();
            return new Everything { Text = value.Text + "!", Child = value };
        }

        public Task<int> CountAsync(string text, long offset, IReadOnlyList<int> values, CancellationToken cancellationToken)
            => Task.FromResult(Count(text, offset, values));

        public async Task PingAsync()
        {
            await Task.Yield();
            Interlocked.Increment(ref _pings);
        }

        public async ValueTask<string?> FindNameAsync(int id)
        {
            // Positive ids complete synchronously, the others asynchronously: both ValueTask paths.
            if (id < 0)
            {
                await Task.Yield();
            }

            return NameOf(id);
        }

        public ValueTask NotifyAsync(Line line, CancellationToken cancellationToken)
        {
            Notified.Enqueue(line);
            return ValueTask.CompletedTask;
        }
    }
}
