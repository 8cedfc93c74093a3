using Junction.Invocation;

namespace Junction.Runtime.Tests.Filters;

/// <summary>A service whose calls wait at a gate the test opens, for limit and token tests.</summary>
[RpcService(Protocol = "inproc")]
public interface ILimitsProbe
{
    Task<string> WorkAsync(CancellationToken cancellationToken);

    Task<string> OtherAsync();

    /// <summary>The attachments the implementation sees, as <c>key=value</c> joined by commas, sorted.</summary>
    Task<string> AttachmentsAsync();
}

/// <summary>
/// Counts the calls inside the implementation and the most there ever were at once; <see cref="WorkAsync"/> and
/// <see cref="OtherAsync"/> wait at the gate until the test opens it (nothing waits once it is open).
/// </summary>
internal sealed class GatedProbe : ILimitsProbe
{
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _inside;
    private int _maxInside;
    private int _entered;

    /// <summary>The most calls that were ever inside at once.</summary>
    public int MaxInside => Volatile.Read(ref _maxInside);

    /// <summary>Calls that entered, in all.</summary>
    public int Entered => Volatile.Read(ref _entered);

    public void Open() => _gate.TrySetResult();

    public Task<string> WorkAsync(CancellationToken cancellationToken) => PassGateAsync("work");

    public Task<string> OtherAsync() => PassGateAsync("other");

    public Task<string> AttachmentsAsync()
    {
        // Trace context left out: a tracing test's ActivityListener is process-wide, and while one runs alongside, every
        // call carries a traceparent (seen under load).
        var pairs = RpcContext.ServerAttachments
            .Where(a => a.Key is not ("traceparent" or "tracestate" or "baggage"))
            .Select(a => a.Key + "=" + a.Value)
            .Order(StringComparer.Ordinal);
        return Task.FromResult(string.Join(",", pairs));
    }

    private async Task<string> PassGateAsync(string answer)
    {
        var inside = Interlocked.Increment(ref _inside);
        Interlocked.Increment(ref _entered);
        var max = Volatile.Read(ref _maxInside);
        while (inside > max && Interlocked.CompareExchange(ref _maxInside, inside, max) is var seen && seen != max)
        {
            max = seen;
        }

        try
        {
            await _gate.Task.ConfigureAwait(false);
            return answer;
        }
        finally
        {
            Interlocked.Decrement(ref _inside);
        }
    }
}

internal static class Until
{
    /// <summary>Waits for <paramref name="condition"/>, failing with <paramref name="what"/> after 10 s.</summary>
    public static async Task TrueAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting until {what}");
            await Task.Delay(1);
        }
    }

    /// <summary>Waits until <paramref name="count"/> of <paramref name="tasks"/> have completed; returns those.</summary>
    public static async Task<List<Task<T>>> CompletedAsync<T>(IReadOnlyCollection<Task<T>> tasks, int count)
    {
        var pending = tasks.ToList();
        var completed = new List<Task<T>>();
        while (completed.Count < count)
        {
            var done = await Task.WhenAny(pending).WaitAsync(TimeSpan.FromSeconds(10));
            pending.Remove(done);
            completed.Add(done);
        }

        return completed;
    }
}
