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
        var rounds = new Option<int>("--rounds") { Description = "With --baseline: the baseline and Junction take turns this many times, each measuring duration/rounds; ratios are the medians of the rounds'.", DefaultValueFactory = _ => 4 };
        var providers = new Option<int>("--providers") { Description = "Junction providers, each in its own process (tcp).", DefaultValueFactory = _ => 1 };
        var weights = new Option<string?>("--weights") { Description = "Provider weights, one per provider, comma-separated (for example 1,2,3)." };
        var loadBalance = new Option<string?>("--loadbalance") { Description = "The consumer's load balancer (random, roundrobin, ...); default: Junction's." };
        var cluster = new Option<string?>("--cluster") { Description = "The consumer's cluster strategy (failover, failfast, ...); default: Junction's." };
        var idempotent = new Option<bool>("--idempotent") { Description = "Call the echo method marked idempotent, which failover retries on another provider." };
        var kill = new Option<string?>("--kill") { Description = "PROVIDER@SECONDS: SIGKILL that provider (counted from 0) that many seconds into the measured window." };

        var root = new RootCommand("junction-bench: closed-loop load on a Junction echo service, against a bare baseline measured in the same run.")
        {
            protocol, concurrency, payload, duration, warmup, connections, processes, baseline, quick, json,
            rounds, providers, weights, loadBalance, cluster, idempotent, kill,
            ServeCommand.Create(),
        };

        Check(concurrency, v => v is >= 1 and <= 65_536, "--concurrency must be 1 to 65536.");
        Check(payload, v => v is >= 0 and <= Settings.MaxPayloadBytes, $"--payload must be 0 to {Settings.MaxPayloadBytes} bytes.");
        Check(duration, v => v is > 0 and <= 3600, "--duration must be more than 0 and at most 3600 seconds.");
        Check(warmup, v => v is >= 0 and <= 3600, "--warmup must be 0 to 3600 seconds.");
        Check(connections, v => v is >= 1 and <= 1024, "--connections must be 1 to 1024.");
        Check(rounds, v => v is >= 1 and <= 100, "--rounds must be 1 to 100.");
        Check(providers, v => v is >= 1 and <= 64, "--providers must be 1 to 64.");
        root.Validators.Add(result =>
        {
            // Options the user left out have no value here yet: their defaults are spelled out.
            var count = Math.Max(1, result.GetValue(providers));
            var protocolName = result.GetValue(protocol) ?? Settings.Tcp;
            var processMode = result.GetValue(processes) ?? "separate";
            if (count > 1 && protocolName != Settings.Tcp)
            {
                result.AddError("--providers above 1 needs --protocol tcp.");
            }

            if (result.GetValue(weights) is { } text && ParseWeights(text, count, out var weightError) is null)
            {
                result.AddError(weightError!);
            }

            if (result.GetValue(kill) is { } killText)
            {
                var plan = KillPlan.Parse(killText, out var killError);
                if (plan is null)
                {
                    result.AddError(killError!);
                }
                else if (plan.Provider >= count)
                {
                    result.AddError($"--kill {killText} names provider {plan.Provider}, but there are {count} (counted from 0); raise --providers.");
                }
                else if (processMode != "separate" || protocolName != Settings.Tcp)
                {
                    result.AddError("--kill needs providers in their own processes: --protocol tcp and --processes separate.");
                }
                else if (result.GetValue(baseline))
                {
                    result.AddError("--kill and --baseline do not mix: a run with a killed provider is a fault test, not a ratio.");
                }
            }
        });

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
                parse.GetValue(json))
            {
                Rounds = parse.GetValue(rounds),
                Providers = parse.GetValue(providers),
                Weights = parse.GetValue(weights) is { } text ? ParseWeights(text, parse.GetValue(providers), out _) : null,
                LoadBalance = parse.GetValue(loadBalance),
                Cluster = parse.GetValue(cluster),
                Idempotent = parse.GetValue(idempotent),
                Kill = parse.GetValue(kill) is { } killText ? KillPlan.Parse(killText, out _) : null,
            };
            return BenchRunner.RunAsync(settings, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, cancellationToken);
        });
        return root;
    }

    /// <summary>The weights in <paramref name="text"/>, one per provider; null with an error when they are not that.</summary>
    private static int[]? ParseWeights(string text, int providers, out string? error)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        var weights = new int[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out weights[i]))
            {
                error = $"--weights '{text}': '{parts[i]}' is not a weight (a whole number, 0 or more).";
                return null;
            }
        }

        if (weights.Length != providers)
        {
            error = $"--weights '{text}' gives {weights.Length} weight(s) for {providers} provider(s); give one per provider (--providers {weights.Length}?).";
            return null;
        }

        error = null;
        return weights;
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
