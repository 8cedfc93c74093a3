using Junction.Hosting;
using Junction.Registry;
using Junction.TestProvider;

namespace Junction.IntegrationTests.Tcp;

/// <summary>A consumer made with <see cref="JunctionClient.Create{TContract}"/>, released with <c>await using</c>.</summary>
internal sealed class EchoClient<TContract> : IAsyncDisposable
    where TContract : class
{
    public EchoClient(JunctionClientOptions options) => Proxy = JunctionClient.Create<TContract>(options);

    public TContract Proxy { get; }

    public ValueTask DisposeAsync() => ((IAsyncDisposable)Proxy).DisposeAsync();
}

internal static class EchoClient
{
    /// <summary>A client of <see cref="IEchoService"/> that calls <paramref name="url"/> directly (no registry).</summary>
    public static EchoClient<IEchoService> Direct(string url, int timeoutMs = 10_000, Action<JunctionClientOptions>? configure = null)
        => Direct<IEchoService>(url, timeoutMs, configure);

    public static EchoClient<TContract> Direct<TContract>(string url, int timeoutMs = 10_000, Action<JunctionClientOptions>? configure = null)
        where TContract : class
    {
        var options = new JunctionClientOptions
        {
            Url = url,
            TimeoutMs = timeoutMs,
            // Never the process-wide registry: nothing may leak between tests.
            Registry = new InMemoryRegistry(),
            Application = "tcp-integration-tests",
        };
        configure?.Invoke(options);
        return new EchoClient<TContract>(options);
    }
}
