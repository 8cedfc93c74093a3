using System.Globalization;
using Junction.Contracts;
using Junction.Registry;
using Junction.TestProvider;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// Usage: Junction.TestProvider <port>   (0: the system picks a free port)
// Serves IEchoService over tcp on 127.0.0.1:<port>, then prints "READY port=<port> name=<name>" on one line.
// It runs until it is killed, its standard input closes, or it receives SIGTERM/SIGINT.
if (args.Length != 1 || !int.TryParse(args[0], NumberStyles.None, CultureInfo.InvariantCulture, out var port))
{
    Console.Error.WriteLine("usage: Junction.TestProvider <port>");
    return 2;
}

var name = $"test-provider-{Environment.ProcessId}";
var registry = new InMemoryRegistry();
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
builder.Services.AddSingleton(new ProcessEchoService(name));
builder.Services.AddJunction(o =>
    {
        o.Application = name;
        o.UseRegistry(registry);
        o.Tcp.Host = "127.0.0.1";
        o.Tcp.Port = port;
    })
    .AddRpcService<IEchoService, ProcessEchoService>();

using var host = builder.Build();
await host.StartAsync();

var instance = registry.GetInstances(ContractRegistry.Get<IEchoService>().ServiceKey).Single();
Console.Out.WriteLine($"READY port={instance.Port} name={name}");
Console.Out.Flush();

using var stop = new CancellationTokenSource();
using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, c =>
{
    c.Cancel = true;
    stop.Cancel();
});
using var sigint = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGINT, c =>
{
    c.Cancel = true;
    stop.Cancel();
});

// A closed standard input means the test that started this process is gone: stop instead of lingering.
var stdinClosed = Task.Run(() =>
{
    while (Console.In.ReadLine() is not null)
    {
    }
});
await Task.WhenAny(stdinClosed, Task.Delay(Timeout.Infinite, stop.Token).ContinueWith(static _ => { }, TaskScheduler.Default));
await host.StopAsync();
return 0;
