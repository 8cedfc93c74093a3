using System.CommandLine;
using System.CommandLine.Parsing;

namespace Junction.Bench;

/// <summary>The <c>junction-bench</c> command line.</summary>
internal static class BenchCommand
{
    private static readonly TimeSpan QuickWarmup = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan QuickDuration = TimeSpan.FromSeconds(4);

    public static RootCommand Create()
    {
        var protocol = new Option<string>("--protocol") { Description = "What to measure: tcp (Junction over its tcp protocol), inproc (Junction in one process, no transport), or bare (the baseline alone).", DefaultValueFactory = _ => Settings.Tcp };
        protocol.AcceptOnlyFromAmong(Settings.Tcp, Settings.InProc, Settings.Bare);
        var concurrency = new Option<int>("--concurrency", "-c") { Description = "Closed-loop callers, each with one call in flight.", DefaultValueFactory = _ => 64 };
        var payload = new Option<int>("--payload") { Description = "Payload bytes echoed by every call.", DefaultValueFactory = _ => 100 };
        var duration = new Option<double>("--duration", "-d") { Description = "Seconds measured (per measurement).", DefaultValueFactory = _ => 10 };
        var warmup = new Option<double>("--warmup", "-w") { Description = "Seconds of calls before measuring (JIT tiers, PGO, pools).", DefaultValueFactory = _ => 3 };
        var connections = new Option<int>("--connections") { Description = "Connections from the consumer to the provider; callers are spread over them.", DefaultValueFactory = _ => 1 };
        var processes = new Option<string>("--processes") { Description = "separate: the provider runs in a child process, so the consumer's figures are its own; same: one process.", DefaultValueFactory = _ => "separate" };
        processes.AcceptOnlyFromAmong("same", "separate");
        var baseline = new Option<bool>("--baseline") { Description = "Also measure the bare baseline (a System.IO.Pipelines echo with the same framing and transport) and print ratios." };
        var quick = new Option<bool>("--quick") { Description = $"A short run: {QuickWarmup.TotalSeconds:0} s warm-up and {QuickDuration.TotalSeconds:0} s per measurement, unless --warmup or --duration say otherwise." };
        var json = new Option<bool>("--json") { Description = "End the output with one line of JSON holding the main figures." };

        var root = new RootCommand("junction-bench: closed-loop load on a Junction echo service, against a bare baseline measured in the same run.")
        {
            protocol, concurrency, payload, duration, warmup, connections, processes, baseline, quick, json,
            ServeCommand.Create(),
        };

        Check(concurrency, v => v is >= 1 and <= 65_536, "--concurrency must be 1 to 65536.");
        Check(payload, v => v is >= 0 and <= Settings.MaxPayloadBytes, $"--payload must be 0 to {Settings.MaxPayloadBytes} bytes.");
        Check(duration, v => v is > 0 and <= 3600, "--duration must be more than 0 and at most 3600 seconds.");
        Check(warmup, v => v is >= 0 and <= 3600, "--warmup must be 0 to 3600 seconds.");
        Check(connections, v => v is >= 1 and <= 1024, "--connections must be 1 to 1024.");

        root.SetAction((parse, cancellationToken) =>
        {
            var isQuick = parse.GetValue(quick);
            var settings = new Settings(
                parse.GetValue(protocol)!,
                parse.GetValue(concurrency),
                parse.GetValue(payload),
                Seconds(parse, warmup, isQuick ? QuickWarmup : null),
                Seconds(parse, duration, isQuick ? QuickDuration : null),
                parse.GetValue(connections),
                parse.GetValue(processes) == "separate",
                parse.GetValue(baseline),
                parse.GetValue(json));
            return BenchRunner.RunAsync(settings, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, cancellationToken);
        });
        return root;
    }

    private static void Check<T>(Option<T> option, Func<T, bool> valid, string message)
        => option.Validators.Add(result =>
        {
            if (!valid(result.GetValueOrDefault<T>()))
            {
                result.AddError(message);
            }
        });

    /// <summary>An option in seconds; <paramref name="quick"/> replaces its default (not a value the user gave).</summary>
    private static TimeSpan Seconds(ParseResult parse, Option<double> option, TimeSpan? quick)
        => quick is { } value && parse.GetResult(option) is null or { Implicit: true }
            ? value
            : TimeSpan.FromSeconds(parse.GetValue(option));
}
