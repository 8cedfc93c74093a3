namespace Junction.Configuration;

/// <summary>
/// Knows whether every key watched through it has answered once: its first delivery (the rule, or null for none) has
/// been taken in, or its watch ended. A config source may answer a new watch at once (in-memory, folder) or after a
/// round trip (Consul's KV store); a consumer's first calls wait for <see cref="WhenAnswered"/>, as Dubbo reads its
/// rules before its reference is ready, so none goes around a rule that is stored but not read yet.
/// </summary>
internal sealed class FirstAnswers
{
    private readonly Lock _gate = new();
    private int _pending;
    private TaskCompletionSource? _answered;

    /// <summary>Completes once every key watched so far has answered; completed when none is waiting.</summary>
    public Task WhenAnswered
    {
        get
        {
            lock (_gate)
            {
                return _answered?.Task ?? Task.CompletedTask;
            }
        }
    }

    /// <summary>
    /// <see cref="IConfigSource.Watch"/>, counted as waiting until <paramref name="changed"/> has taken in the first
    /// delivery (also when it throws) or the returned handle is disposed.
    /// </summary>
    public IDisposable Watch(IConfigSource source, string key, Action<string?> changed)
    {
        var first = new FirstAnswer(this);
        try
        {
            var watch = source.Watch(key, text =>
            {
                try
                {
                    changed(text);
                }
                finally
                {
                    first.Answered();
                }
            });
            return new Handle(watch, first);
        }
        catch
        {
            first.Answered();
            throw;
        }
    }

    private void Add()
    {
        lock (_gate)
        {
            _pending++;
            _answered ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    private void Remove()
    {
        TaskCompletionSource? answered = null;
        lock (_gate)
        {
            if (--_pending == 0)
            {
                answered = _answered;
                _answered = null;
            }
        }

        answered?.TrySetResult();
    }

    private sealed class FirstAnswer
    {
        private readonly FirstAnswers _owner;
        private int _waiting = 1;

        public FirstAnswer(FirstAnswers owner)
        {
            _owner = owner;
            owner.Add();
        }

        /// <summary>Once per watch: later deliveries and the disposal after an answer change nothing.</summary>
        public void Answered()
        {
            if (Interlocked.Exchange(ref _waiting, 0) == 1)
            {
                _owner.Remove();
            }
        }
    }

    private sealed class Handle(IDisposable watch, FirstAnswer first) : IDisposable
    {
        public void Dispose()
        {
            watch.Dispose();

            // A watch ended before it answered has nothing left to wait for.
            first.Answered();
        }
    }
}
