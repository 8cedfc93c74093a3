namespace Junction.Protocols.Tcp;

/// <summary>Settings of the <c>tcp</c> protocol, for providers (server) and consumers (client).</summary>
public sealed class TcpOptions
{
    /// <summary>Dubbo's default port.</summary>
    public const int DefaultPort = 20880;

    /// <summary>The address the server listens on and registers. Default 127.0.0.1; set the machine's address to serve other hosts.</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>The server port; 0 lets the operating system choose (the registered instance carries the real one). Default 20880.</summary>
    public int Port { get; set; } = DefaultPort;

    /// <summary>The most connections the server accepts at once (Dubbo's <c>accepts</c>); 0 = no limit. Over the limit a connection is refused with a reason.</summary>
    public int Accepts { get; set; }

    /// <summary>The largest frame body accepted, in bytes (default 8 MiB); a larger frame closes its connection.</summary>
    public int MaxMessageSize { get; set; } = 8 * 1024 * 1024;

    /// <summary>Idle time after which a heartbeat is sent (default 30 s); a peer silent for three intervals is dropped.</summary>
    public int HeartbeatIntervalMs { get; set; } = 30_000;

    /// <summary>
    /// How long a stopping server waits for calls in flight before closing connections, and how long a consumer that
    /// releases a provider (withdrawn from the registry, or the client disposed) waits for its calls in flight (default 10 s).
    /// </summary>
    public int ShutdownTimeoutMs { get; set; } = 10_000;

    /// <summary>The first reconnect delay after a connection breaks (default 100 ms); it doubles up to <see cref="ReconnectMaxDelayMs"/>.</summary>
    public int ReconnectMinDelayMs { get; set; } = 100;

    /// <summary>The longest reconnect delay (default 10 s).</summary>
    public int ReconnectMaxDelayMs { get; set; } = 10_000;

    /// <summary>
    /// Where a provider runs the implementation (Dubbo's <c>dispatcher</c>): <c>adaptive</c> (default) runs it on the
    /// connection's read loop, the cheapest way for implementations that await their I/O, and moves a method to the
    /// thread pool for good once calls keep holding the loop for more than a millisecond before their first await (three
    /// in a row, or more than about one in ten; a method's first calls, which compile its code, and garbage-collection
    /// pauses do not count, and a method that blocks more rarely stays inline);
    /// <c>direct</c> always runs it on the read loop; <c>all</c> always queues it to the thread pool (for implementations
    /// that block, such as synchronous database calls).
    /// </summary>
    public string Dispatcher { get; set; } = Dispatchers.Adaptive;

    internal void Validate()
    {
        Check(!string.IsNullOrWhiteSpace(Host), $"TcpOptions.Host is empty; set the address to listen on, for example 127.0.0.1.");
        Check(Port is >= 0 and <= 65535, $"TcpOptions.Port is {Port}; use 0 (any free port) to 65535.");
        Check(Accepts >= 0, $"TcpOptions.Accepts is {Accepts}; use 0 (no limit) or a positive number.");
        Check(MaxMessageSize is >= 1024, $"TcpOptions.MaxMessageSize is {MaxMessageSize}; use at least 1024 bytes.");
        Check(HeartbeatIntervalMs > 0, $"TcpOptions.HeartbeatIntervalMs is {HeartbeatIntervalMs}; use a positive number of milliseconds.");
        Check(ShutdownTimeoutMs >= 0, $"TcpOptions.ShutdownTimeoutMs is {ShutdownTimeoutMs}; use 0 or more milliseconds.");
        Check(Dispatchers.IsKnown(Dispatcher), $"TcpOptions.Dispatcher is '{Dispatcher}'; use {Dispatchers.Adaptive}, {Dispatchers.Direct} or {Dispatchers.All}.");
        Check(ReconnectMinDelayMs > 0 && ReconnectMaxDelayMs >= ReconnectMinDelayMs, $"TcpOptions reconnect delays are {ReconnectMinDelayMs}..{ReconnectMaxDelayMs} ms; use a positive minimum no larger than the maximum.");
    }

    private static void Check(bool condition, string message)
    {
        if (!condition)
        {
            throw new InvalidOperationException(message);
        }
    }
}

/// <summary>The values of <see cref="TcpOptions.Dispatcher"/>.</summary>
public static class Dispatchers
{
    /// <summary>On the read loop until a method shows it blocks, then on the thread pool (the default).</summary>
    public const string Adaptive = "adaptive";

    /// <summary>Always on the connection's read loop.</summary>
    public const string Direct = "direct";

    /// <summary>Always on the thread pool (Dubbo's default dispatcher).</summary>
    public const string All = "all";

    internal static bool IsKnown(string? value) => value is Adaptive or Direct or All;
}
