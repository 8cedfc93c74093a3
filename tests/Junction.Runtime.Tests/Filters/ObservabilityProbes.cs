using Junction.Runtime.Tests.Cluster;

namespace Junction.Runtime.Tests.Filters;

/// <summary>An <see cref="IObservedProbe"/> whose calls take the time they are asked to on a manual clock.</summary>
internal sealed class ObservedProbe(ManualTimeProvider? clock = null) : IObservedProbe
{
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _held = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once a <see cref="HoldAsync"/> call has reached the implementation.</summary>
    public Task Held => _held.Task;

    public void Open() => _gate.TrySetResult();

    public Task<string> EchoAsync(string text) => Task.FromResult(text);

    public Task<string> WorkAsync(int milliseconds)
    {
        clock?.Advance(TimeSpan.FromMilliseconds(milliseconds));
        return Task.FromResult("worked");
    }

    public Task<string> FailAsync(int milliseconds)
    {
        clock?.Advance(TimeSpan.FromMilliseconds(milliseconds));
        throw new InvalidOperationException("the probe fails on purpose");
    }

    public async Task<string> HoldAsync()
    {
        _held.TrySetResult();
        await _gate.Task.ConfigureAwait(false);
        return "released";
    }

    public Task PingAsync() => Task.CompletedTask;
}
