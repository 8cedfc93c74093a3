using Junction.Consul;
using Microsoft.Extensions.Configuration;

namespace Junction.Hosting;

/// <summary>Puts Junction on Consul: <c>AddJunction(o =&gt; o.UseConsul(c =&gt; c.Address = new("http://consul:8500")))</c>.</summary>
public static class ConsulJunctionOptionsExtensions
{
    /// <summary>
    /// Uses a <see cref="ConsulRegistry"/> for registration and discovery and, unless a config source is already set, a
    /// <see cref="ConsulConfigSource"/> (KV under <see cref="ConsulOptions.KeyPrefix"/>) for routing rules. Both share one
    /// HTTP client. The options are validated here, so a wrong setting fails at startup.
    /// </summary>
    public static JunctionOptions UseConsul(this JunctionOptions options, Action<ConsulOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var consul = new ConsulOptions();
        configure?.Invoke(consul);
        return Use(options, consul);
    }

    /// <summary>
    /// As <see cref="UseConsul(JunctionOptions, Action{ConsulOptions}?)"/>, with settings bound from a configuration
    /// section (usually <c>configuration.GetSection("Junction:Consul")</c>: <c>Address</c>, <c>Token</c>, <c>CheckTtl</c>
    /// as <c>00:00:15</c>, …), then <paramref name="configure"/>.
    /// </summary>
    public static JunctionOptions UseConsul(this JunctionOptions options, IConfiguration section, Action<ConsulOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(section);
        var consul = new ConsulOptions();
        Bind(section, consul);
        configure?.Invoke(consul);
        return Use(options, consul);
    }

    internal static void Bind(IConfiguration section, ConsulOptions consul) => section.Bind(consul);

    private static JunctionOptions Use(JunctionOptions options, ConsulOptions consul)
    {
        consul = ConsulOptions.ValidatedCopy(consul);
        // One HTTP client for both, disposed with the last of them.
        // The runtime hands both the host's logging when it starts and disposes them when it stops.
        var http = new Consul.Http.ConsulHttp(consul);
        var registry = new ConsulRegistry(http, loggerFactory: null);
        options.UseRegistry(registry);
        options.Components.Add(registry);
        if (options.Routing.ConfigSource is null)
        {
            var rules = new ConsulConfigSource(http, loggerFactory: null);
            options.Routing.ConfigSource = rules;
            options.Components.Add(rules);
        }

        return options;
    }
}
