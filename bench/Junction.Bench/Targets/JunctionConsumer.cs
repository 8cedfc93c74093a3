using Junction.Bench.Contract;
using Junction.Bench.Measurement;
using Junction.Hosting;
using Junction.Registry;

namespace Junction.Bench.Targets;

/// <summary>The Junction consumer: the generated client of <see cref="IBenchService"/>, shared by every caller.</summary>
internal sealed class JunctionConsumer : IAsyncDisposable
{
    private readonly IBenchService _client;
    private readonly EchoMessage _message;
    private readonly bool _idempotent;

    private JunctionConsumer(IBenchService client, EchoMessage message, bool idempotent = false)
    {
        _client = client;
        _message = message;
        _idempotent = idempotent;
    }

    /// <summary>
    /// The tcp consumer of the providers at <paramref name="ports"/>: with one provider and no weights a direct
    /// connection without a registry (Dubbo's <c>url=</c>); otherwise a registry of its own listing every provider with
    /// its weight, past any warm-up (so weights take full effect from the first call).
    /// </summary>
    public static async Task<JunctionConsumer> ConnectTcpAsync(IReadOnlyList<int> ports, Settings settings)
    {
        var options = new JunctionClientOptions
        {
            Application = "junction-bench",
            Protocol = "tcp",
            TimeoutMs = Settings.CallTimeoutMs,
            Connections = settings.Connections,
        };
        if (settings.LoadBalance is not null)
        {
            options.LoadBalance = settings.LoadBalance;
        }

        if (settings.Cluster is not null)
        {
            options.Cluster = settings.Cluster;
        }

        if (settings.UsesRegistry)
        {
            var registry = new InMemoryRegistry();
            var serviceKey = Contracts.ContractRegistry.Get<IBenchService>().ServiceKey;
            for (var i = 0; i < ports.Count; i++)
            {
                await registry.RegisterAsync(new ServiceInstance(serviceKey, "tcp", "127.0.0.1", ports[i])
                {
                    Weight = settings.Weights?[i] ?? ServiceInstance.DefaultWeight,
                    StartTime = DateTimeOffset.UtcNow.AddDays(-1),
                }).ConfigureAwait(false);
            }

            options.Registry = registry;
        }
        else
        {
            options.Url = $"tcp://127.0.0.1:{ports[0]}";
        }

        return new JunctionConsumer(JunctionClient.Create<IBenchService>(options), NewMessage(settings.PayloadBytes), settings.Idempotent);
    }

    /// <summary>The inproc protocol: the provider in this process, found in its registry.</summary>
    public static JunctionConsumer ConnectInProc(IRegistry registry, int payloadBytes)
        => new(
            JunctionClient.Create<IBenchService>(new JunctionClientOptions
            {
                Application = "junction-bench",
                Protocol = "inproc",
                Registry = registry,
                TimeoutMs = Settings.CallTimeoutMs,
            }),
            NewMessage(payloadBytes));

    /// <summary>The request every call sends: a payload of distinct bytes, so a wrong echo is noticed.</summary>
    public static EchoMessage NewMessage(int payloadBytes)
    {
        var payload = new byte[payloadBytes];
        for (var i = 0; i < payload.Length; i++)
        {
            payload[i] = (byte)i;
        }

        return new EchoMessage(payload, 0);
    }

    /// <summary>Runs caller <paramref name="caller"/> as a closed loop.</summary>
    public Task RunCallerAsync(int caller, CallerStats stats, RunPhase phase)
        => ClosedLoop.RunAsync<JunctionEcho, EchoMessage>(new JunctionEcho(_client, _message, _idempotent), stats, phase);

    public ValueTask DisposeAsync() => _client is IAsyncDisposable disposable ? disposable.DisposeAsync() : default;
}

/// <summary>A Junction caller's call, for <see cref="ClosedLoop"/>.</summary>
internal readonly struct JunctionEcho(IBenchService client, EchoMessage message, bool idempotent) : ICall<EchoMessage>
{
    public ValueTask<EchoMessage> InvokeAsync() => idempotent ? client.EchoIdempotentAsync(message) : client.EchoAsync(message);

    public bool IsValid(EchoMessage response) => response.Payload.Length == message.Payload.Length;

    public int ProviderOf(EchoMessage response) => response.Provider;
}
