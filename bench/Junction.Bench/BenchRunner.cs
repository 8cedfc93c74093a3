using Junction.Bench.Bare;
using Junction.Bench.Contract;
using Junction.Bench.Measurement;
using Junction.Bench.Targets;
using Junction.Contracts;

namespace Junction.Bench;

/// <summary>Runs the measurements one invocation asks for and reports them.</summary>
internal static class BenchRunner
{
    private static readonly TimeSpan RoundWarmup = TimeSpan.FromMilliseconds(250);

    public static async Task<int> RunAsync(Settings settings, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (settings.Protocol == Settings.InProc && settings.SeparateProcesses)
        {
            error.WriteLine("note: inproc calls stay inside one process; running with --processes same.");
            settings = settings with { SeparateProcesses = false };
        }

        WarnIfDebug(error);
        WarnIfBusy(error);
        Report report;
        try
        {
            report = settings.Protocol == Settings.Bare
                ? new Report(await MeasureBareAloneAsync(settings, error, cancellationToken).ConfigureAwait(false), null, [], [])
                : await MeasureJunctionAsync(settings, error, cancellationToken).ConfigureAwait(false);
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

        TextReport.Write(output, settings, report);
        if (settings.Json)
        {
            output.WriteLine(JsonReport.Format(settings, report));
        }

        return 0;
    }

    private static async Task<RunResult> MeasureBareAloneAsync(Settings settings, TextWriter progress, CancellationToken cancellationToken)
    {
        await using var provider = await Provider.StartAsync(ProviderKind.Bare, settings.SeparateProcesses).ConfigureAwait(false);
        await using var client = await BareClient.ConnectAsync(provider.Port, settings.Connections, settings.Concurrency, BareRequestFor(settings)).ConfigureAwait(false);
        progress.WriteLine($"bare: {Describe(settings.Warmup, settings.Duration)}");
        return await LoadRun.RunAsync("bare", settings.Concurrency, settings.Warmup, settings.Duration, client.RunCallerAsync, provider.ProcessorTime, 1, null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Measures Junction, and with <c>--baseline</c> the bare baseline too: both stay connected, and they take turns
    /// for <c>--rounds</c> rounds (baseline first in each), so slow drifts of a shared machine (other tenants, CPU
    /// placement) hit both alike; the ratios are the medians of the rounds' ratios.
    /// </summary>
    private static async Task<Report> MeasureJunctionAsync(Settings settings, TextWriter progress, CancellationToken cancellationToken)
    {
        var name = "junction " + settings.Protocol;
        var providers = new List<Provider>();
        Provider? bareProvider = null;
        BareClient? bareClient = null;
        JunctionConsumer? consumer = null;
        try
        {
            // The baseline first: the Junction run then starts with the shared code (sockets, pipelines) as warm as the baseline's did.
            if (settings.Baseline)
            {
                bareProvider = await Provider.StartAsync(ProviderKind.Bare, settings.SeparateProcesses).ConfigureAwait(false);
                bareClient = await BareClient.ConnectAsync(bareProvider.Port, settings.Connections, settings.Concurrency, BareRequestFor(settings)).ConfigureAwait(false);
            }

            for (var i = 0; i < settings.Providers; i++)
            {
                providers.Add(await Provider.StartAsync(ProviderKind.Junction, settings.SeparateProcesses, i).ConfigureAwait(false));
            }

            consumer = settings.Protocol == Settings.InProc
                ? JunctionConsumer.ConnectInProc(providers[0].Registry!, settings.PayloadBytes)
                : await JunctionConsumer.ConnectTcpAsync([.. providers.Select(p => p.Port)], settings).ConfigureAwait(false);
            Func<TimeSpan>? providerCpu = settings.SeparateProcesses
                ? () => providers.Aggregate(TimeSpan.Zero, (sum, p) => sum + p.ProcessorTime!())
                : null;
            var fault = settings.Kill is { } kill
                ? new ScheduledFault(kill.At, () =>
                {
                    providers[kill.Provider].Kill();
                    progress.WriteLine($"killed provider {kill.Provider} (SIGKILL) {kill.At.TotalSeconds:0.###} s into the window");
                })
                : null;

            var rounds = settings.Baseline ? settings.Rounds : 1;
            var slice = settings.Duration / rounds;
            var mains = new List<RunResult>();
            var bares = new List<RunResult>();
            for (var round = 0; round < rounds; round++)
            {
                // Later rounds only need the thread pool to ramp up again; the JIT and the pools are warm.
                var warmup = round == 0 ? settings.Warmup : TimeSpan.FromTicks(Math.Min(settings.Warmup.Ticks, RoundWarmup.Ticks));
                var label = rounds > 1 ? $" (round {round + 1} of {rounds})" : "";
                if (bareClient is not null)
                {
                    progress.WriteLine($"bare{label}: {Describe(warmup, slice)}");
                    bares.Add(await LoadRun.RunAsync("bare", settings.Concurrency, warmup, slice, bareClient.RunCallerAsync, bareProvider!.ProcessorTime, 1, null, cancellationToken).ConfigureAwait(false));
                }

                progress.WriteLine($"{name}{label}: {Describe(warmup, slice)}");
                mains.Add(await LoadRun.RunAsync(name, settings.Concurrency, warmup, slice, consumer.RunCallerAsync, providerCpu, settings.Providers, fault, cancellationToken).ConfigureAwait(false));
            }

            return new Report(RunResult.Merge(mains), bares.Count == 0 ? null : RunResult.Merge(bares), mains, bares);
        }
        finally
        {
            if (consumer is not null)
            {
                await consumer.DisposeAsync().ConfigureAwait(false);
            }

            foreach (var provider in providers)
            {
                await provider.DisposeAsync().ConfigureAwait(false);
            }

            if (bareClient is not null)
            {
                await bareClient.DisposeAsync().ConfigureAwait(false);
            }

            if (bareProvider is not null)
            {
                await bareProvider.DisposeAsync().ConfigureAwait(false);
            }
        }
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

    private static string Describe(TimeSpan warmup, TimeSpan duration)
        => $"{warmup.TotalSeconds:0.##} s warm-up, then measuring {duration.TotalSeconds:0.##} s";
}
