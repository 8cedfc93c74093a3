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

    private JunctionConsumer(IBenchService client, EchoMessage message)
    {
        _client = client;
        _message = message;
    }

    /// <summary>
    /// A direct tcp connection without a registry (Dubbo's <c>url=</c>), <paramref name="connections"/> connections to
    /// the provider at <paramref name="port"/>.
    /// </summary>
    public static JunctionConsumer ConnectTcp(int port, int connections, int payloadBytes)
        => new(
            JunctionClient.Create<IBenchService>(new JunctionClientOptions
            {
                Application = "junction-bench",
                Protocol = "tcp",
                Url = $"tcp://127.0.0.1:{port}",
                TimeoutMs = Settings.CallTimeoutMs,
                Connections = connections,
            }),
            NewMessage(payloadBytes));

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

        return new EchoMessage(payload);
    }

    /// <summary>Runs caller <paramref name="caller"/> as a closed loop.</summary>
    public Task RunCallerAsync(int caller, CallerStats stats, RunPhase phase)
        => ClosedLoop.RunAsync<JunctionEcho, EchoMessage>(new JunctionEcho(_client, _message), stats, phase);

    public ValueTask DisposeAsync() => _client is IAsyncDisposable disposable ? disposable.DisposeAsync() : default;
}

/// <summary>A Junction caller's call, for <see cref="ClosedLoop"/>.</summary>
internal readonly struct JunctionEcho(IBenchService client, EchoMessage message) : ICall<EchoMessage>
{
    public ValueTask<EchoMessage> InvokeAsync() => client.EchoAsync(message);

    public bool IsValid(EchoMessage response) => response.Payload.Length == message.Payload.Length;
}
