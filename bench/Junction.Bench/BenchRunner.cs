using Junction.Bench.Bare;
using Junction.Bench.Contract;
using Junction.Bench.Measurement;
using Junction.Bench.Targets;
using Junction.Contracts;

namespace Junction.Bench;

/// <summary>Runs the measurements one invocation asks for and reports them.</summary>
internal static class BenchRunner
{
    public static async Task<int> RunAsync(Settings settings, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (settings.Protocol == Settings.InProc && settings.SeparateProcesses)
        {
            error.WriteLine("note: inproc calls stay inside one process; running with --processes same.");
            settings = settings with { SeparateProcesses = false };
        }

        WarnIfDebug(error);
        WarnIfBusy(error);
        RunResult? baseline = null;
        RunResult main;
        try
        {
            if (settings.Protocol == Settings.Bare)
            {
                main = await MeasureBareAsync(settings, error, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                // The baseline first: the Junction run then starts with the shared code (sockets, pipelines) as warm as the baseline's did.
                if (settings.Baseline)
                {
                    baseline = await MeasureBareAsync(settings, error, cancellationToken).ConfigureAwait(false);
                }

                main = await MeasureJunctionAsync(settings, error, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            error.WriteLine("Cancelled.");
            return 130;
        }
        catch (Exception exception) when (exception is InvalidOperationException or RpcException or IOException or TimeoutException or System.Net.Sockets.SocketException)
        {
            error.WriteLine("error: " + exception.Message);
            return 1;
        }

        TextReport.Write(output, settings, main, baseline);
        if (settings.Json)
        {
            output.WriteLine(JsonReport.Format(settings, main, baseline));
        }

        return 0;
    }

    private static async Task<RunResult> MeasureBareAsync(Settings settings, TextWriter progress, CancellationToken cancellationToken)
    {
        await using var provider = await Provider.StartAsync(ProviderKind.Bare, settings.SeparateProcesses).ConfigureAwait(false);
        await using var client = await BareClient.ConnectAsync(provider.Port, settings.Connections, settings.Concurrency, BareRequestFor(settings)).ConfigureAwait(false);
        progress.WriteLine($"bare: {Describe(settings)}");
        return await LoadRun.RunAsync("bare", settings.Concurrency, settings.Warmup, settings.Duration, client.RunCallerAsync, provider.ProcessorTime, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<RunResult> MeasureJunctionAsync(Settings settings, TextWriter progress, CancellationToken cancellationToken)
    {
        await using var provider = await Provider.StartAsync(ProviderKind.Junction, settings.SeparateProcesses).ConfigureAwait(false);
        await using var consumer = settings.Protocol == Settings.InProc
            ? JunctionConsumer.ConnectInProc(provider.Registry!, settings.PayloadBytes)
            : JunctionConsumer.ConnectTcp(provider.Port, settings.Connections, settings.PayloadBytes);
        var name = "junction " + settings.Protocol;
        progress.WriteLine($"{name}: {Describe(settings)}");
        return await LoadRun.RunAsync(name, settings.Concurrency, settings.Warmup, settings.Duration, consumer.RunCallerAsync, provider.ProcessorTime, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The baseline's request carries what Junction's tcp client sends for the same call: the service key, the method
    /// name, a timeout (Junction sends the microseconds left; 5 s encodes in the same 4 varint bytes), no attachments
    /// (Junction sends none unless a filter or the caller adds some), and the message exactly as the generated
    /// serializer encodes it. The serializer runs once here, never on the baseline's call path.
    /// </summary>
    private static BareRequest BareRequestFor(Settings settings)
    {
        var service = ContractRegistry.Get<IBenchService>();
        var method = (MethodDescriptor<EchoMessage, EchoMessage>)service.Methods[0];
        var payload = method.RequestSerializer.Serialize(JunctionConsumer.NewMessage(settings.PayloadBytes));
        return new BareRequest(service.ServiceKey, method.Name, (ulong)Settings.CallTimeoutMs * 1000, [], payload);
    }

    private static void WarnIfDebug(TextWriter error)
    {
        var debuggable = (System.Diagnostics.DebuggableAttribute?)Attribute.GetCustomAttribute(typeof(BenchRunner).Assembly, typeof(System.Diagnostics.DebuggableAttribute));
        if (debuggable?.IsJITOptimizerDisabled == true)
        {
            error.WriteLine("warning: this is a Debug build, which measures unoptimized code; run with -c Release.");
        }
    }

    /// <summary>
    /// Client and provider share this machine's cores with everything else on it: say so when others are busy, since
    /// the figures then measure the contention as much as the code.
    /// </summary>
    private static void WarnIfBusy(TextWriter error)
    {
        const string LoadAverage = "/proc/loadavg";
        if (!File.Exists(LoadAverage))
        {
            return;
        }

        var fields = File.ReadAllText(LoadAverage).Split(' ');
        if (fields.Length > 0
            && double.TryParse(fields[0], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var load)
            && load > Environment.ProcessorCount)
        {
            error.WriteLine(
                $"warning: the 1-minute load average is {load:0.0} on {Environment.ProcessorCount} cores; unless that is a run that just ended, " +
                "other processes compete for the CPU and the figures will be noisy.");
        }
    }

    private static string Describe(Settings settings)
        => $"{settings.Warmup.TotalSeconds:0.#} s warm-up, then measuring {settings.Duration.TotalSeconds:0.#} s";
}
