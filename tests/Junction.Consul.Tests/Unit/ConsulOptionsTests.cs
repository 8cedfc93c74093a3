using Junction.Hosting;
using Microsoft.Extensions.Configuration;

namespace Junction.Consul.Tests.Unit;

public sealed class ConsulOptionsTests
{
    [Fact]
    public void Defaults_match_consul_and_the_design()
    {
        var options = new ConsulOptions();
        options.Validate();
        Assert.Equal(new Uri("http://127.0.0.1:8500"), options.Address);
        Assert.Equal(TimeSpan.FromSeconds(15), options.CheckTtl);
        Assert.Equal(TimeSpan.FromMinutes(1), options.DeregisterCriticalServiceAfter);
        Assert.Equal(TimeSpan.FromMinutes(5), options.WaitTime);
        Assert.Equal(2, options.QueryBurst);
        Assert.Equal("junction/config/", options.KeyPrefix);
    }

    [Fact]
    public void The_blocking_timeout_covers_consuls_wait_jitter_and_a_margin()
    {
        var options = new ConsulOptions { WaitTime = TimeSpan.FromMinutes(5), RequestTimeout = TimeSpan.FromSeconds(10) };
        using var http = new Http.ConsulHttp(options);
        Assert.Equal(TimeSpan.FromSeconds(300 + 300.0 / 16 + 10), http.BlockingTimeout);
    }

    public static TheoryData<Action<ConsulOptions>, string> Invalid => new()
    {
        { o => o.Address = new Uri("ftp://x"), "Address" },
        { o => o.Token = "", "Token" },
        { o => o.CheckTtl = TimeSpan.Zero, "CheckTtl" },
        { o => o.CheckTtl = TimeSpan.FromMilliseconds(500), "at least 1 s" },
        { o => o.DeregisterCriticalServiceAfter = TimeSpan.FromSeconds(20), "raises anything under 1 minute" },
        { o => o.WaitTime = TimeSpan.FromMinutes(11), "10 minutes" },
        { o => o.WaitTime = TimeSpan.Zero, "WaitTime" },
        { o => o.ErrorBackoffMax = TimeSpan.FromMilliseconds(1), "ErrorBackoffMax" },
        { o => o.QueryBurst = 0, "QueryBurst" },
        { o => o.KeyPrefix = "/junction/", "must not start with '/'" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Invalid_settings_fail_at_startup_naming_the_setting(Action<ConsulOptions> change, string expected)
    {
        var options = new ConsulOptions();
        change(options);
        var error = Assert.Throws<InvalidOperationException>(options.Validate);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => new JunctionOptions().UseConsul(change));
    }

    [Fact]
    public void Binds_from_a_junction_consul_section()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Junction:Consul:Address"] = "http://consul.internal:8500",
            ["Junction:Consul:Token"] = "secret",
            ["Junction:Consul:Datacenter"] = "eu1",
            ["Junction:Consul:CheckTtl"] = "00:00:30",
            ["Junction:Consul:KeyPrefix"] = "rules/",
        }).Build();
        var options = new ConsulOptions();
        ConsulJunctionOptionsExtensions.Bind(configuration.GetSection("Junction:Consul"), options);
        Assert.Equal(new Uri("http://consul.internal:8500"), options.Address);
        Assert.Equal("secret", options.Token);
        Assert.Equal("eu1", options.Datacenter);
        Assert.Equal(TimeSpan.FromSeconds(30), options.CheckTtl);
        Assert.Equal("rules/", options.KeyPrefix);
    }

    [Fact]
    public void UseConsul_sets_the_registry_and_a_kv_config_source_but_keeps_one_already_set()
    {
        var junction = new JunctionOptions().UseConsul(c => c.Address = new Uri("http://127.0.0.1:1"));
        Assert.IsType<ConsulRegistry>(junction.Registry);
        Assert.IsType<ConsulConfigSource>(junction.Routing.ConfigSource);

        var mine = new Junction.Configuration.InMemoryConfigSource();
        var kept = new JunctionOptions();
        kept.Routing.ConfigSource = mine;
        kept.UseConsul(new ConfigurationBuilder().Build().GetSection("Junction:Consul"));
        Assert.Same(mine, kept.Routing.ConfigSource);
        Assert.Equal(new Uri("http://127.0.0.1:8500"), ((ConsulRegistry)kept.Registry).Options.Address);
    }
}
