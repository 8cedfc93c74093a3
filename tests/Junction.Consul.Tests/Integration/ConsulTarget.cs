using Junction.Consul.Tests.Double;

namespace Junction.Consul.Tests.Integration;

/// <summary>
/// The Consul the integration tests talk to: the in-process <see cref="ConsulDouble"/>, or a real agent when the
/// environment variable <c>CONSUL_HTTP_ADDR</c> is set (e.g. <c>CONSUL_HTTP_ADDR=http://127.0.0.1:8500</c>, token from
/// <c>CONSUL_HTTP_TOKEN</c>). Against a real agent the tests that need the double's hooks (index regression, lost
/// registrations, failed heartbeats, required token, a dead agent) are skipped: they are <see cref="DoubleFactAttribute"/>s.
/// </summary>
internal sealed class ConsulTarget : IAsyncDisposable
{
    private readonly ConsulDouble? _double;

    private ConsulTarget(Uri address, string? token, ConsulDouble? consulDouble)
    {
        Address = address;
        Token = token;
        _double = consulDouble;
    }

    public Uri Address { get; }

    public string? Token { get; set; }

    public bool IsRealAgent => _double is null;

    /// <summary>The double's hooks (only in <see cref="DoubleFactAttribute"/> tests).</summary>
    public ConsulDouble Hooks => _double ?? throw new InvalidOperationException("This test needs the Consul double's hooks; mark it [DoubleFact].");

    public static async Task<ConsulTarget> StartAsync()
    {
        if (Environment.GetEnvironmentVariable("CONSUL_HTTP_ADDR") is { Length: > 0 } address)
        {
            var uri = address.Contains("://", StringComparison.Ordinal) ? new Uri(address) : new Uri("http://" + address);
            return new ConsulTarget(uri, Environment.GetEnvironmentVariable("CONSUL_HTTP_TOKEN"), null);
        }

        // Blocking queries answer after at most 2 s, so a test's loops come round quickly.
        var consulDouble = await ConsulDouble.StartAsync(new ConsulDoubleOptions { MaxWait = TimeSpan.FromSeconds(2) });
        return new ConsulTarget(consulDouble.Url, null, consulDouble);
    }

    /// <summary>Options for fast tests: short waits and backoff, a pacing that does not hold a test back.</summary>
    public ConsulOptions Options(Action<ConsulOptions>? configure = null)
    {
        var options = new ConsulOptions();
        Configure(options);
        configure?.Invoke(options);
        return options;
    }

    /// <summary>Sets <paramref name="options"/> to this target with the fast test values (for <c>UseConsul(c =&gt; …)</c>).</summary>
    public void Configure(ConsulOptions options)
    {
        options.Address = Address;
        options.Token = Token;
        options.CheckTtl = TimeSpan.FromSeconds(3);
        options.WaitTime = TimeSpan.FromSeconds(2);
        options.RequestTimeout = TimeSpan.FromSeconds(5);
        options.ErrorBackoffMin = TimeSpan.FromMilliseconds(50);
        options.ErrorBackoffMax = TimeSpan.FromMilliseconds(500);
        options.QueryRefillInterval = TimeSpan.FromMilliseconds(50);
        options.KeyPrefix = "junction-tests/" + Guid.NewGuid().ToString("N")[..8] + "/";
    }

    public async ValueTask DisposeAsync()
    {
        if (_double is not null)
        {
            await _double.DisposeAsync();
        }
    }
}
