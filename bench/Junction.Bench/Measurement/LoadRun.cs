using System.Diagnostics;

namespace Junction.Bench.Measurement;

/// <summary>
/// Runs closed-loop callers through a warm-up and one measured window, and reads the process counters (allocated
/// bytes, processor time, collections) at the window's edges.
/// </summary>
internal static class LoadRun
{
    /// <summary>Runs <paramref name="concurrency"/> callers made by <paramref name="startCaller"/>.</summary>
    /// <param name="name">What is measured, for the report.</param>
    /// <param name="concurrency">The number of callers.</param>
    /// <param name="warmup">How long callers run before measuring (JIT tiers, PGO, connection and pool warm-up).</param>
    /// <param name="duration">The measured window.</param>
    /// <param name="startCaller">Starts caller <c>i</c> recording into its stats while the phase says so.</param>
    /// <param name="providerCpu">Reads the providers' processor time, or null when they share this process.</param>
    /// <param name="providers">How many providers answer (for the calls per provider).</param>
    /// <param name="fault">Something to do at a time into the measured window (kill a provider), or null.</param>
    /// <param name="cancellationToken">Stops the run early (the callers finish their calls, then this throws).</param>
    public static async Task<RunResult> RunAsync(
        string name,
        int concurrency,
        TimeSpan warmup,
        TimeSpan duration,
        Func<int, CallerStats, RunPhase, Task> startCaller,
        Func<TimeSpan>? providerCpu,
        int providers,
        ScheduledFault? fault,
        CancellationToken cancellationToken)
    {
        var phase = new RunPhase();
        var stats = new CallerStats[concurrency];
        var callers = new Task[concurrency];
        for (var i = 0; i < concurrency; i++)
        {
            stats[i] = new CallerStats(providers);
        }

        // Leave the setup's garbage behind, so the window does not pay for it.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        for (var i = 0; i < concurrency; i++)
        {
            callers[i] = startCaller(i, stats[i], phase);
        }

        // The window is timed on a thread of its own: callers whose calls complete synchronously (inproc) can keep every
        // thread-pool thread busy, which would delay a timer continuation and stretch the window.
        var window = new Window(warmup, duration, phase, providerCpu, fault, cancellationToken);
        var timer = new Thread(window.Run) { IsBackground = true, Name = "junction-bench window" };
        timer.Start();
        await window.Done.ConfigureAwait(false);

        // Calls in flight finish (or time out) before the histograms are read.
        await Task.WhenAll(callers).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();

        var latency = new LatencyHistogram();
        long calls = 0, failed = 0;
        var perProvider = new long[providers];
        string? firstError = null;
        foreach (var caller in stats)
        {
            latency.Add(caller.Latency);
            calls += caller.Calls;
            failed += caller.Failed;
            firstError ??= caller.FirstError;
            for (var p = 0; p < providers; p++)
            {
                perProvider[p] += caller.PerProvider[p];
            }
        }

        return new RunResult(
            name,
            window.Elapsed.TotalSeconds,
            calls,
            failed,
            firstError,
            latency,
            window.AllocatedBytes,
            window.ConsumerCpu,
            window.ProviderCpu,
            window.Gen0,
            window.Gen1,
            window.Gen2)
        {
            PerProvider = perProvider,
        };
    }

    /// <summary>Waits out the warm-up, then reads the counters around the measured window.</summary>
    private sealed class Window(TimeSpan warmup, TimeSpan duration, RunPhase phase, Func<TimeSpan>? providerCpu, ScheduledFault? fault, CancellationToken cancellationToken)
    {
        private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Done => _done.Task;

        public TimeSpan Elapsed { get; private set; }

        public long AllocatedBytes { get; private set; }

        public TimeSpan ConsumerCpu { get; private set; }

        public TimeSpan? ProviderCpu { get; private set; }

        public int Gen0 { get; private set; }

        public int Gen1 { get; private set; }

        public int Gen2 { get; private set; }

        public void Run()
        {
            try
            {
                using var self = Process.GetCurrentProcess();
                if (cancellationToken.WaitHandle.WaitOne(warmup))
                {
                    return;
                }

                var gen0 = GC.CollectionCount(0);
                var gen1 = GC.CollectionCount(1);
                var gen2 = GC.CollectionCount(2);
                var provider0 = providerCpu?.Invoke();
                self.Refresh();
                var consumer0 = self.TotalProcessorTime;
                var allocated0 = GC.GetTotalAllocatedBytes(precise: true);
                var start = Stopwatch.GetTimestamp();
                phase.StartMeasuring();

                // Cancellation ends the window early; the caller throws once the callers are done.
                if (fault is not null && fault.At < duration)
                {
                    if (!cancellationToken.WaitHandle.WaitOne(fault.At))
                    {
                        fault.Run();
                        var left = duration - Stopwatch.GetElapsedTime(start);
                        if (left > TimeSpan.Zero)
                        {
                            cancellationToken.WaitHandle.WaitOne(left);
                        }
                    }
                }
                else
                {
                    cancellationToken.WaitHandle.WaitOne(duration);
                }

                phase.StopCalling();
                Elapsed = Stopwatch.GetElapsedTime(start);
                AllocatedBytes = GC.GetTotalAllocatedBytes(precise: true) - allocated0;
                self.Refresh();
                ConsumerCpu = self.TotalProcessorTime - consumer0;
                ProviderCpu = providerCpu?.Invoke() - provider0;
                Gen0 = GC.CollectionCount(0) - gen0;
                Gen1 = GC.CollectionCount(1) - gen1;
                Gen2 = GC.CollectionCount(2) - gen2;
            }
            catch (Exception exception)
            {
                _done.TrySetException(exception);
            }
            finally
            {
                phase.StopCalling();
                _done.TrySetResult();
            }
        }
    }
}

/// <summary>An action run once, <paramref name="At"/> into the measured window.</summary>
internal sealed record ScheduledFault(TimeSpan At, Action Run);
