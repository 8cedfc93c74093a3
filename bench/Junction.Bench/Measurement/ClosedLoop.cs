using System.Diagnostics;

namespace Junction.Bench.Measurement;

/// <summary>
/// One closed-loop caller: sends the next call as soon as the previous one returns, until the run stops. Latency is
/// timed from just before the call to just after it returns, and recorded for successful calls that complete while
/// measuring; failed calls are counted apart.
/// </summary>
internal static class ClosedLoop
{
    public static async Task RunAsync<TCall, TResult>(TCall call, CallerStats stats, RunPhase phase)
        where TCall : struct, ICall<TResult>
    {
        // Start on a thread-pool thread, so callers do not all run on whichever thread started them.
        await Task.Yield();
        while (!phase.IsStopping)
        {
            var start = Stopwatch.GetTimestamp();
            string? error = null;
            var provider = 0;
            try
            {
                var response = await call.InvokeAsync().ConfigureAwait(false);
                if (!call.IsValid(response))
                {
                    error = "the response is not the echo of the request";
                }
                else
                {
                    provider = call.ProviderOf(response);
                }
            }
            catch (Exception exception)
            {
                error = exception.GetType().Name + ": " + exception.Message;
            }

            var end = Stopwatch.GetTimestamp();
            if (!phase.IsMeasuring)
            {
                continue;
            }

            if (error is null)
            {
                stats.Calls++;
                stats.Latency.RecordTicks(start, end);
                if ((uint)provider < (uint)stats.PerProvider.Length)
                {
                    stats.PerProvider[provider]++;
                }
            }
            else
            {
                stats.Failed++;
                stats.FirstError ??= error;
            }
        }
    }
}
