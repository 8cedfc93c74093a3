using Junction.Configuration;
using Junction.Hosting;
using Junction.Registry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Quickstart;

/// <summary>
/// Two providers of <see cref="IGreeter"/> and one consumer in one process, over the <c>tcp</c> protocol on 127.0.0.1,
/// sharing an in-memory registry. Each provider listens on a port the system picks and registers it; the consumer
/// balances round robin, so the answers alternate between the providers. Then a Dubbo condition rule arrives in the
/// consumer's config source and moves every call to the second provider, without a restart.
/// <para>
/// With <c>--registry consul://host:port</c> the three hosts register and discover through that Consul agent instead
/// (each with its own <c>UseConsul</c>, as separate processes would), and the rule is written to Consul's KV store.
/// </para>
/// </summary>
public static class Program
{
    /// <summary>Runs the quickstart; <c>--registry consul://host:port</c> uses a Consul agent.</summary>
    public static Task<int> Main(string[] args) => RunAsync(Console.Out, args);

    /// <summary>Runs the quickstart, printing to <paramref name="output"/>; returns the exit code.</summary>
    public static async Task<int> RunAsync(TextWriter output, params string[] args)
    {
        Setup setup;
        try
        {
            setup = Setup.Parse(args);
        }
        catch (ArgumentException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return 2;
        }

        await using var registry = setup;
        using var provider1 = await StartProviderAsync("greeter-provider-1", registry);
        using var provider2 = await StartProviderAsync("greeter-provider-2", registry);

        var rules = registry.CreateConfigSource();
        var consumer = Host.CreateApplicationBuilder();
        consumer.Logging.SetMinimumLevel(LogLevel.Warning);
        consumer.Services.AddJunction(o =>
            {
                o.Application = "quickstart-consumer";
                o.Routing.ConfigSource = rules;   // Consul KV, or a watched folder (FileConfigSource)
                registry.Use(o);
            })
            .AddRpcClient<IGreeter>(c => c.LoadBalance = "roundrobin");
        using var consumerHost = consumer.Build();
        await consumerHost.StartAsync();

        var greeter = consumerHost.Services.GetRequiredService<IGreeter>();
        string[] languages = ["en", "fr", "es", "en"];
        foreach (var language in languages)
        {
            var reply = await greeter.SayHelloAsync(new HelloRequest("Ada", language));
            output.WriteLine($"SayHello(Ada, {language}) -> \"{reply.Message}\" from {reply.Provider}");
        }

        var many = await greeter.GreetManyAsync("Grace", 2);
        output.WriteLine($"GreetMany(Grace, 2) -> \"{many.Message}\" from {many.Provider}");

        // A condition rule, exactly as a Dubbo user writes it, under Dubbo's key for the service: from now on every
        // call goes to greeter-provider-2.
        await registry.SetRuleAsync(rules, "Quickstart.IGreeter:1.0.0:demo.condition-router", """
            configVersion: v3.0
            scope: service
            key: Quickstart.IGreeter:1.0.0:demo
            conditions:
              - "=> application=greeter-provider-2"
            """);
        output.WriteLine("rule: => application=greeter-provider-2");
        foreach (var language in languages[..3])
        {
            var reply = await greeter.SayHelloAsync(new HelloRequest("Ada", language));
            output.WriteLine($"SayHello(Ada, {language}) -> \"{reply.Message}\" from {reply.Provider}");
        }

        await consumerHost.StopAsync();
        await provider2.StopAsync();
        await provider1.StopAsync();
        return 0;
    }

    private static async Task<IHost> StartProviderAsync(string name, Setup registry)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton(new ProviderName(name));
        builder.Services.AddJunction(o =>
            {
                o.Application = name;
                registry.Use(o);
                o.Tcp.Port = 0;
            })
            .AddRpcService<IGreeter, Greeter>();
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }
}
