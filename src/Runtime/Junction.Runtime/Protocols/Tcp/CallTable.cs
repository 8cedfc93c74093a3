using System.Diagnostics.CodeAnalysis;

namespace Junction.Protocols.Tcp;

/// <summary>
/// The calls in flight on one connection, by request id: a dictionary under a lock. A ConcurrentDictionary allocated
/// a node for every call; this allocates nothing once grown, and every operation holds the lock for a few
/// instructions. Nothing runs user code under the lock: sweeps take the calls out (or copy them) first.
/// </summary>
internal sealed class CallTable<T>
    where T : class
{
    private readonly Dictionary<long, T> _calls = [];
    private readonly Lock _gate = new();

    // Set only while someone waits for the table to empty (a connection being released); the removal that empties
    // it completes the wait. Continuations run on the thread pool, never under the lock.
    private TaskCompletionSource? _emptied;

    /// <summary>Completes when no call is left (at once if none is).</summary>
    public Task WhenEmpty()
    {
        lock (_gate)
        {
            if (_calls.Count == 0)
            {
                return Task.CompletedTask;
            }

            _emptied ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _emptied.Task;
        }
    }

    public void Add(long id, T call)
    {
        lock (_gate)
        {
            _calls[id] = call;
        }
    }

    public bool Contains(long id)
    {
        lock (_gate)
        {
            return _calls.ContainsKey(id);
        }
    }

    public bool TryGet(long id, [MaybeNullWhen(false)] out T call)
    {
        lock (_gate)
        {
            return _calls.TryGetValue(id, out call);
        }
    }

    public bool TryRemove(long id, [MaybeNullWhen(false)] out T call)
    {
        lock (_gate)
        {
            var removed = _calls.Remove(id, out call);
            SignalIfEmpty();
            return removed;
        }
    }

    /// <summary>Removes call <paramref name="id"/> only if it is still <paramref name="call"/> (not a later call with that id).</summary>
    public void Remove(long id, T call)
    {
        lock (_gate)
        {
            if (_calls.TryGetValue(id, out var current) && ReferenceEquals(current, call))
            {
                _calls.Remove(id);
                SignalIfEmpty();
            }
        }
    }

    /// <summary>Takes out the calls <paramref name="match"/> selects, appending them to <paramref name="removed"/>.</summary>
    public void RemoveWhere<TState>(Func<T, TState, bool> match, TState state, List<T> removed)
    {
        lock (_gate)
        {
            foreach (var (id, call) in _calls)
            {
                if (match(call, state))
                {
                    // Removing the current entry while enumerating is allowed for Dictionary.
                    _calls.Remove(id);
                    removed.Add(call);
                }
            }

            SignalIfEmpty();
        }
    }

    private void SignalIfEmpty()
    {
        if (_emptied is not null && _calls.Count == 0)
        {
            _emptied.TrySetResult();
            _emptied = null;
        }
    }

    /// <summary>Copies every call with its id into <paramref name="into"/> (cleared first).</summary>
    public void CopyTo(List<KeyValuePair<long, T>> into)
    {
        into.Clear();
        lock (_gate)
        {
            foreach (var entry in _calls)
            {
                into.Add(entry);
            }
        }
    }
}
