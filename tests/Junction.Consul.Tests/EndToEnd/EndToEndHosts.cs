using Junction.Consul.Tests.Integration;
using Junction.Hosting;
using Junction.IntegrationTests.Tcp;
using Junction.Runtime.Tests.Pipeline;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Junction.Consul.Tests.EndToEnd;

/// <summary>
/// Real Junction hosts on Consul (<c>UseConsul</c> pointed at the test's agent): providers export <see cref="IE2eProbe"/>
/// over tcp on 127.0.0.1 and a port the OS picks; consumers call it through a failfast cluster, so any call that
/// reaches a provider which cannot serve it fails visibly instead of being retried elsewhere.
/// </summary>
internal static class EndToEndHosts
{
    /// <summary>Starts a provider host named <paramref name="name"/> (its application name and its answer).</summary>
    public static Task<TestHost> ProviderAsync(
        ConsulTarget consul,
        string name,
        Action<ServiceOptions>? export = null,
        Action<JunctionOptions>? configure = null,
        Action<ConsulOptions>? agent = null,
        LogCapture? logs = null)
        => TestHost.StartAsync(services =>
        {
            if (logs is not null)
            {
                services.AddLogging(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Debug));
            }

            services.AddSingleton(new NamedProbe(name));
            services.AddJunction(o =>
            {
                o.Application = name;
                o.Tcp.Host = "127.0.0.1";
                o.Tcp.Port = 0;
                o.RegistryCacheFolder = null;
                o.UnregisterDelay = TimeSpan.Zero;
                o.UseConsul(c =>
                {
                    consul.Configure(c);
                    agent?.Invoke(c);
                });
                configure?.Invoke(o);
            }).AddRpcService<IE2eProbe, NamedProbe>(export);
        });

    /// <summary>Starts a consumer host whose calls <paramref name="watch"/> sees; its logs go to <paramref name="logs"/>.</summary>
    public static Task<TestHost> ConsumerAsync(
        ConsulTarget consul,
        ProviderWatch watch,
        LogCapture? logs = null,
        Action<JunctionOptions>? configure = null,
        Action<ConsulOptions>? agent = null)
        => TestHost.StartAsync(services =>
        {
            if (logs is not null)
            {
                services.AddLogging(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Debug));
            }

            services.AddJunction(o =>
            {
                o.Application = "e2e-consumer-" + Guid.NewGuid().ToString("N")[..8];
                o.RegistryCacheFolder = null;
                o.UseConsul(c =>
                {
                    consul.Configure(c);
                    agent?.Invoke(c);
                });
                o.Routing.Routers.Add(watch);

                // A first call waits for Consul's first answer (or the cache file's list), connects and runs code not
                // compiled yet, all within its timeout: on a busy machine (CI runs the test projects side by side on two
                // cores) that took most of the default second (seen in CI). Every failure the tests look for is an error
                // other than a timeout, so a longer one only makes a call that would fail anyway fail later.
                o.DefaultTimeoutMs = 10_000;
                configure?.Invoke(o);
            }).AddRpcClient<IE2eProbe>(r => r.Cluster = "failfast");
        });

    public static IE2eProbe Client(this TestHost consumer) => consumer.Services.GetRequiredService<IE2eProbe>();

    /// <summary>
    /// The consumer's first call: made right after its host started, before Consul's first answer may have arrived, it
    /// waits for that answer within its timeout (a consumer's directory fills on the registry's first list).
    /// </summary>
    public static Task<string> FirstAnswerAsync(this IE2eProbe client) => client.WhoAsync();
}
