using System.Globalization;
using System.Runtime;
using System.Runtime.InteropServices;
using Junction.Bench.Measurement;

namespace Junction.Bench;

/// <summary>The human-readable report: one column per measurement, and the ratio Junction / baseline.</summary>
internal static class TextReport
{
    private const int LabelWidth = 36;
    private const int ColumnWidth = 15;

    public static void Write(TextWriter output, Settings settings, Report report)
    {
        var main = report.Main;
        var baseline = report.Baseline;
        var processes = settings.SeparateProcesses ? "provider in a separate process" : "provider in the same process";
        output.WriteLine(
            $"junction-bench: {settings.Protocol}, {settings.Concurrency} caller(s), {settings.Connections} connection(s), " +
            $"{settings.PayloadBytes}-byte payload, {processes}" +
            (settings.Providers > 1 ? $", {settings.Providers} providers" : "") +
            (settings.LoadBalance is null ? "" : $", loadbalance {settings.LoadBalance}") +
            (settings.Cluster is null ? "" : $", cluster {settings.Cluster}") +
            (settings.Idempotent ? ", idempotent calls" : ""));
        output.WriteLine(
            $"  {settings.Warmup.TotalSeconds:0.#} s warm-up + {main.Seconds:0.0} s measured per run" +
            (report.MainRounds.Count > 1 ? $" in {report.MainRounds.Count} alternating rounds" : "") +
            $"; .NET {Environment.Version}, " +
            $"{RuntimeInformation.OSDescription.Trim()} {RuntimeInformation.ProcessArchitecture}, {Environment.ProcessorCount} cores, " +
            $"{(GCSettings.IsServerGC ? "server" : "workstation")} GC; closed loop (see bench/README.md)");
        output.WriteLine();

        var runs = baseline is null ? new[] { main } : [main, baseline];
        var header = "".PadRight(LabelWidth);
        foreach (var run in runs)
        {
            header += run.Name.PadLeft(ColumnWidth);
        }

        if (baseline is not null)
        {
            header += "ratio".PadLeft(ColumnWidth);
        }

        output.WriteLine(header);

        Row(output, "calls/s", runs, r => r.CallsPerSecond, "N0");
        Row(output, "latency p50 (µs)", runs, r => r.P50Us, "N1");
        Row(output, "latency p90 (µs)", runs, r => r.P90Us, "N1");
        Row(output, "latency p99 (µs)", runs, r => r.P99Us, "N1");
        Row(output, "latency p99.9 (µs)", runs, r => r.P999Us, "N1");
        Row(output, "latency max (µs)", runs, r => r.MaxUs, "N1");
        Row(output, "latency mean (µs)", runs, r => r.MeanUs, "N1");
        if (settings.SeparateProcesses)
        {
            Row(output, "allocated B/call (consumer)", runs, r => r.AllocBytesPerCall, "N1", ratio: false);
            Row(output, "CPU µs/call (consumer)", runs, r => r.ConsumerCpuUsPerCall, "N2");
            Row(output, "CPU µs/call (provider)", runs, r => r.ProviderCpuUsPerCall ?? 0, "N2");
            Row(output, "CPU µs/call (both)", runs, r => r.ConsumerCpuUsPerCall + (r.ProviderCpuUsPerCall ?? 0), "N2");
        }
        else
        {
            Row(output, "allocated B/call (whole process)", runs, r => r.AllocBytesPerCall, "N1", ratio: false);
            Row(output, "CPU µs/call (whole process)", runs, r => r.ConsumerCpuUsPerCall, "N2");
        }

        Row(output, "GCs in window (gen0/gen1/gen2)", runs, r => $"{r.Gen0}/{r.Gen1}/{r.Gen2}");
        Row(output, "failed calls", runs, r => r.Failed, "N0", ratio: false);
        output.WriteLine();

        if (main.PerProvider.Length > 1)
        {
            output.WriteLine("calls per provider: " + string.Join(", ", main.PerProvider.Select((calls, i) => $"{i}: {calls:N0}")));
        }

        if (baseline is not null)
        {
            var rounds = report.MainRounds.Count > 1
                ? $" (medians of {report.MainRounds.Count} rounds; throughput ratio per round: {string.Join(" ", report.RoundThroughputRatios.Select(r => r.ToString("0.000", CultureInfo.InvariantCulture)))})"
                : "";
            output.WriteLine(
                $"throughput ratio (junction/bare calls/s): {report.ThroughputRatio:0.000}; " +
                $"p50 ratio (junction/bare): {report.P50Ratio:0.000}{rounds}");
        }

        foreach (var run in runs)
        {
            if (run.FirstError is not null)
            {
                output.WriteLine($"{run.Name}: {run.Failed:N0} call(s) failed; the first: {run.FirstError}");
            }
        }
    }

    public static double? Ratio(double value, double baseline) => baseline > 0 ? value / baseline : null;

    private static void Row(TextWriter output, string label, RunResult[] runs, Func<RunResult, double> figure, string format, bool ratio = true)
    {
        var line = label.PadRight(LabelWidth);
        foreach (var run in runs)
        {
            line += figure(run).ToString(format, CultureInfo.InvariantCulture).PadLeft(ColumnWidth);
        }

        if (runs.Length == 2)
        {
            var value = ratio ? Ratio(figure(runs[0]), figure(runs[1])) : null;
            line += (value is { } r ? r.ToString("0.000", CultureInfo.InvariantCulture) : "-").PadLeft(ColumnWidth);
        }

        output.WriteLine(line);
    }

    private static void Row(TextWriter output, string label, RunResult[] runs, Func<RunResult, string> figure)
    {
        var line = label.PadRight(LabelWidth);
        foreach (var run in runs)
        {
            line += figure(run).PadLeft(ColumnWidth);
        }

        output.WriteLine(line);
    }
}
