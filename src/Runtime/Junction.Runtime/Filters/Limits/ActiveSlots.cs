namespace Junction.Filters.Limits;

/// <summary>
/// The slots of one method to one provider (Dubbo's <c>actives</c>): taken without a lock while one is free; when all
/// are taken, callers queue and a finishing call hands its slot straight to the first caller still waiting, so
/// waiters are served in order and a newcomer cannot take a slot a waiter is owed.
/// </summary>
/// <remarks>
/// A finishing call gives its slot back without the lock when nobody waits. A caller that is about to wait announces
/// itself (<see cref="_queued"/>) before its last try, and a finishing call looks for waiters after giving its slot
/// back; both are full fences, so one of them sees the other and no waiter is left behind while a slot is free.
/// A waiter that times out or is cancelled stays in the queue, marked, until a finishing call drops it.
/// </remarks>
internal sealed class ActiveSlots : ICallSlot
{
    private readonly Queue<Waiter> _waiters = new();
    private int _inFlight;
    private int _queued;

    public ActiveSlots(int limit) => Limit = limit;

    /// <summary>How many calls may be in flight.</summary>
    public int Limit { get; }

    /// <summary>Calls in flight now.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>Takes a free slot, if there is one.</summary>
    public bool TryEnter()
    {
        var current = Volatile.Read(ref _inFlight);
        while (current < Limit)
        {
            var seen = Interlocked.CompareExchange(ref _inFlight, current + 1, current);
            if (seen == current)
            {
                return true;
            }

            current = seen;
        }

        return false;
    }

    /// <summary>
    /// Waits for a slot, in order of arrival, up to <paramref name="timeout"/> (none when it is zero or less) and until
    /// <paramref name="cancellationToken"/>; false when the time ran out. Throws when cancelled.
    /// </summary>
    public async ValueTask<bool> WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        var waiter = EnterOrQueue();
        if (waiter is null)
        {
            return true;
        }

        try
        {
            await waiter.Task.WaitAsync(timeout > TimeSpan.Zero ? timeout : Timeout.InfiniteTimeSpan, time, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            if (!waiter.TryAbandon())
            {
                // A slot was handed over as the wait ended: it is this caller's now.
                return true;
            }

            if (e is OperationCanceledException)
            {
                throw;
            }

            return false;
        }
    }

    /// <summary>Gives a slot back: to the first waiter still waiting, else to the pool.</summary>
    public void Release(int method)
    {
        if (Volatile.Read(ref _queued) == 0)
        {
            Interlocked.Decrement(ref _inFlight);
            if (Volatile.Read(ref _queued) != 0)
            {
                // Someone queued as the slot came back; it may have missed it.
                HandOverFreeSlots();
            }

            return;
        }

        lock (_waiters)
        {
            if (!GrantFirstWaiter())
            {
                Interlocked.Decrement(ref _inFlight);
            }
        }
    }

    private Waiter? EnterOrQueue()
    {
        lock (_waiters)
        {
            Interlocked.Increment(ref _queued);
            if (TryEnter())
            {
                Interlocked.Decrement(ref _queued);
                return null;
            }

            var waiter = new Waiter();
            _waiters.Enqueue(waiter);
            return waiter;
        }
    }

    private void HandOverFreeSlots()
    {
        lock (_waiters)
        {
            while (_waiters.Count > 0 && TryEnter())
            {
                if (!GrantFirstWaiter())
                {
                    Interlocked.Decrement(ref _inFlight);
                }
            }
        }
    }

    /// <summary>Hands the caller's slot to the first waiter still waiting, dropping abandoned ones; under the lock.</summary>
    private bool GrantFirstWaiter()
    {
        while (_waiters.TryDequeue(out var waiter))
        {
            Interlocked.Decrement(ref _queued);
            if (waiter.TryGrant())
            {
                return true;
            }
        }

        return false;
    }

    private sealed class Waiter() : TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        private const int Waiting = 0, Granted = 1, Abandoned = 2;
        private int _state;

        public bool TryGrant()
        {
            if (Interlocked.CompareExchange(ref _state, Granted, Waiting) != Waiting)
            {
                return false;
            }

            TrySetResult();
            return true;
        }

        public bool TryAbandon() => Interlocked.CompareExchange(ref _state, Abandoned, Waiting) == Waiting;
    }
}
