using System.Collections.Concurrent;
using Junction.Consul.Tests.Integration;

namespace Junction.Consul.Tests.EndToEnd;

/// <summary>
/// Several tasks calling a consumer's proxy back to back until stopped, counting the answers per provider and keeping
/// every failure, so a test can demand zero failed calls across a registry event.
/// </summary>
internal sealed class CallLoad : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, int> _served = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<Exception> _failures = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task[] _callers;
    private long _calls;

    private CallLoad(IE2eProbe client, int callers)
        => _callers = [.. Enumerable.Range(0, callers).Select(_ => Task.Run(() => CallAsync(client)))];

    public long Calls => Interlocked.Read(ref _calls);

    public static CallLoad Start(IE2eProbe client, int callers = 3) => new(client, callers);

    public int Served(string provider) => _served.GetValueOrDefault(provider);

    /// <summary>Waits until <paramref name="count"/> more calls completed (successfully or not) than now.</summary>
    public Task MoreCalls(int count, string what)
    {
        var target = Calls + count;
        return Poll.Until(() => Calls >= target, what);
    }

    /// <summary>Stops the callers and waits for their last calls.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_callers).WaitAsync(TimeSpan.FromSeconds(20));
    }

    /// <summary>Fails the test with the first failures when any call failed.</summary>
    public void AssertNoFailedCall()
        => Assert.True(
            _failures.IsEmpty,
            $"{_failures.Count} of {Calls} calls failed:{Environment.NewLine}{string.Join(Environment.NewLine, _failures.Take(5).Select(e => e.GetType().Name + ": " + e.Message))}");

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await StopAsync();
        }

        _stop.Dispose();
    }

    private async Task CallAsync(IE2eProbe client)
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                var provider = await client.WhoAsync();
                _served.AddOrUpdate(provider, 1, static (_, n) => n + 1);
            }
            catch (Exception e)
            {
                _failures.Enqueue(e);
            }

            Interlocked.Increment(ref _calls);
        }
    }
}
