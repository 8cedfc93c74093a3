namespace Junction.Consul.Tests.Double;

/// <summary>
/// Holds placed by <see cref="ConsulDouble.HoldRequests"/>: requests whose path starts with a held prefix wait until
/// every hold matching them is released.
/// </summary>
internal sealed class RequestHolds
{
    private readonly object _gate = new();
    private readonly List<Hold> _holds = [];
    private int _parked;
    private bool _closed;

    /// <summary>How many requests wait on a hold now.</summary>
    public int Parked
    {
        get
        {
            lock (_gate)
            {
                return _parked;
            }
        }
    }

    public IDisposable Add(string pathPrefix)
    {
        ArgumentException.ThrowIfNullOrEmpty(pathPrefix);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_closed, typeof(ConsulDouble));
            var hold = new Hold(this, pathPrefix);
            _holds.Add(hold);
            return hold;
        }
    }

    /// <summary>
    /// Waits while a hold matches <paramref name="path"/>; true when the request was held. A client that gives up while
    /// its request waits ends the wait with an <see cref="OperationCanceledException"/>, and the request no longer counts.
    /// </summary>
    public async Task<bool> WaitAsync(string path, CancellationToken aborted)
    {
        var held = false;
        while (true)
        {
            Task released;
            lock (_gate)
            {
                var hold = _holds.Find(h => path.StartsWith(h.PathPrefix, StringComparison.Ordinal));
                if (hold is null)
                {
                    return held;
                }

                released = hold.Released.Task;
                _parked++;
            }

            held = true;
            try
            {
                await released.WaitAsync(aborted).ConfigureAwait(false);
            }
            finally
            {
                lock (_gate)
                {
                    _parked--;
                }
            }
        }
    }

    /// <summary>Releases every hold and refuses new ones (the double is going away).</summary>
    public void Close()
    {
        lock (_gate)
        {
            _closed = true;
            foreach (var hold in _holds)
            {
                hold.Released.TrySetResult();
            }

            _holds.Clear();
        }
    }

    private sealed class Hold(RequestHolds holds, string pathPrefix) : IDisposable
    {
        public string PathPrefix { get; } = pathPrefix;

        public TaskCompletionSource Released { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Dispose()
        {
            lock (holds._gate)
            {
                holds._holds.Remove(this);
                Released.TrySetResult();
            }
        }
    }
}
