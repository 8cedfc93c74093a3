using Junction.Registry;

namespace Junction.Consul.Tests.Integration;

/// <summary>Collects the snapshots a subscription pushes and waits, with a deadline, for one that matches.</summary>
internal sealed class SnapshotLog
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);
    private readonly Lock _gate = new();
    private readonly List<IReadOnlyList<ServiceInstance>> _all = [];
    private TaskCompletionSource _pushed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _all.Count;
            }
        }
    }

    public void Push(IReadOnlyList<ServiceInstance> snapshot)
    {
        TaskCompletionSource pushed;
        lock (_gate)
        {
            _all.Add(snapshot);
            pushed = _pushed;
            _pushed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        pushed.SetResult();
    }

    public async Task<IReadOnlyList<ServiceInstance>> WaitFor(Func<IReadOnlyList<ServiceInstance>, bool> match, string what)
    {
        using var deadline = new CancellationTokenSource(Deadline);
        while (true)
        {
            Task next;
            lock (_gate)
            {
                if (_all.Count > 0 && match(_all[^1]))
                {
                    return _all[^1];
                }

                next = _pushed.Task;
            }

            try
            {
                await next.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new Xunit.Sdk.XunitException($"No snapshot with {what} within {Deadline.TotalSeconds} s; {Count} snapshot(s) pushed.");
            }
        }
    }
}
