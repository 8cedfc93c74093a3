using Junction.Invocation;
using Junction.LoadBalancing;
using Junction.Routing;
using Microsoft.Extensions.Logging;

namespace Junction.Cluster;

/// <summary>
/// Dubbo's failback: like failsafe the caller gets the default response at once, and a call that failed in transit
/// (Unavailable, DeadlineExceeded) is retried in the background, every <see cref="ClusterSettings.FailbackPeriod"/>, up
/// to <see cref="ClusterSettings.FailbackRetries"/> times, preferring a provider other than the last one tried — for
/// notifications that must arrive at least once but need not hold up the caller.
/// </summary>
/// <remarks>
/// No queued call is lost without a trace: a call the full queue cannot take, a call given up after its last retry and
/// the calls still queued when the client is disposed are each logged and counted (<see cref="Dropped"/>,
/// <see cref="GivenUp"/>, <see cref="Abandoned"/>). Choosing failback is itself the opt-in to retries, so methods not
/// marked idempotent are retried too (as in Dubbo); business errors are not, since the provider has answered.
/// Retries run with the call's timeout but not its cancellation token, which belongs to a caller that has moved on;
/// disposing the client cancels them.
/// </remarks>
internal sealed class FailbackClusterInvoker : FailsafeClusterInvoker
{
    /// <summary>The name used in configuration.</summary>
    public new const string Name = "failback";

    private readonly TimeProvider _time;
    private readonly int _retries;
    private readonly TimeSpan _period;
    private readonly int _capacity;
    private readonly CancellationTokenSource _stopping = new();
    private readonly HashSet<PendingRetry> _queue = [];
    private long _dropped;
    private long _givenUp;
    private long _abandoned;
    private long _recovered;

    public FailbackClusterInvoker(IDirectory directory, RouterChain routers, ILoadBalancer loadBalancer, ClusterResilience? resilience, ClusterSettings settings, ILogger logger, TimeProvider time)
        : base(directory, routers, loadBalancer, resilience, logger)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
        _retries = settings.FailbackRetries;
        _period = settings.FailbackPeriod;
        _capacity = settings.FailbackQueueSize;
    }

    /// <summary>Failed calls waiting for a retry now.</summary>
    public int Queued
    {
        get
        {
            lock (_queue)
            {
                return _queue.Count;
            }
        }
    }

    /// <summary>Failed calls not queued because the queue was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Queued calls whose retries all failed, or that met a business error on a retry.</summary>
    public long GivenUp => Interlocked.Read(ref _givenUp);

    /// <summary>Queued calls still waiting when the client was disposed.</summary>
    public long Abandoned => Interlocked.Read(ref _abandoned);

    /// <summary>Queued calls that a retry completed.</summary>
    public long Recovered => Interlocked.Read(ref _recovered);

    /// <inheritdoc />
    protected override string Strategy => Name;

    /// <inheritdoc />
    protected override void OnFailed(Invocation.Invocation invocation, IProviderInvoker? provider, RpcResult failure)
    {
        if (!ClusterErrors.IsTransient(failure) || _retries == 0 || _stopping.IsCancellationRequested)
        {
            return;
        }

        var retry = new PendingRetry(this, invocation.CopyFor(_stopping.Token), provider, failure.Exception!);
        lock (_queue)
        {
            if (_queue.Count >= _capacity)
            {
                Interlocked.Increment(ref _dropped);
                Logger.LogError(
                    "{Method}: the failback queue holds {Capacity} calls already; this call is dropped and will not be retried",
                    invocation.Method.FullName,
                    _capacity);
                return;
            }

            retry.Timer = _time.CreateTimer(static state => ((PendingRetry)state!).Start(), retry, _period, Timeout.InfiniteTimeSpan);
            _queue.Add(retry);
        }

        Logger.LogInformation("{Method}: retrying in the background in {Period} (up to {Retries} times)", invocation.Method.FullName, _period, _retries);
    }

    private async Task RetryAsync(PendingRetry retry)
    {
        if (_stopping.IsCancellationRequested)
        {
            // The timer fired as the client was disposed, which has counted and logged the call as abandoned.
            return;
        }

        RpcResult result;
        IProviderInvoker? provider = null;
        try
        {
            var invocation = retry.Invocation;
            provider = Select(invocation, List(invocation), retry.Last);
            result = provider is null
                ? RpcResult.FromException(NoProvider(invocation))
                : await Attempt(provider, invocation).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            result = RpcResult.FromException(e);
        }

        lock (_queue)
        {
            retry.Retried++;
            retry.LastError = result.Exception ?? retry.LastError;
            if (provider is not null)
            {
                retry.Tried.Add(provider);
                retry.Last = [provider];
            }
        }

        if (result.IsSuccess)
        {
            if (Finish(retry))
            {
                Interlocked.Increment(ref _recovered);
                Logger.LogInformation("{Method}: failback retry {Retry} succeeded on {Provider}", retry.Invocation.Method.FullName, retry.Retried, provider!.Instance);
            }

            return;
        }

        if (!ClusterErrors.IsTransient(result) || retry.Retried >= _retries)
        {
            if (Finish(retry))
            {
                Interlocked.Increment(ref _givenUp);
                var summary = ClusterErrors.IsTransient(result)
                    ? $"failed after {ClusterErrors.Attempts(retry.Tried.Count)} (failback gave up after {retry.Retried} background retries)"
                    : "failed with a business error on a failback retry (not retried further)";
                var error = ClusterErrors.Failed(retry.Invocation, summary, retry.Tried, result.Exception!);
                Logger.LogError(error, "{Failure}", error.Message);
            }

            return;
        }

        lock (_queue)
        {
            // Still queued unless the client was disposed meanwhile, which has counted the call as abandoned.
            if (_queue.Contains(retry))
            {
                retry.Timer!.Change(_period, Timeout.InfiniteTimeSpan);
            }
        }
    }

    /// <summary>Takes a call off the queue; false when someone else (dispose) already has.</summary>
    private bool Finish(PendingRetry retry)
    {
        lock (_queue)
        {
            if (!_queue.Remove(retry))
            {
                return false;
            }
        }

        retry.Timer!.Dispose();
        return true;
    }

    /// <inheritdoc />
    public override async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        var abandoned = new List<(ITimer Timer, RpcException Error)>();
        lock (_queue)
        {
            foreach (var retry in _queue)
            {
                abandoned.Add((retry.Timer!, ClusterErrors.Failed(
                    retry.Invocation,
                    $"was still waiting for a failback retry when the client was disposed, after {ClusterErrors.Attempts(retry.Tried.Count)}",
                    retry.Tried,
                    retry.LastError)));
            }

            _queue.Clear();
        }

        foreach (var (timer, error) in abandoned)
        {
            timer.Dispose();
            Interlocked.Increment(ref _abandoned);
            Logger.LogError(error, "{Failure}", error.Message);
        }

        await base.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>A failed call waiting for its next background retry.</summary>
    private sealed class PendingRetry
    {
        private readonly FailbackClusterInvoker _owner;

        public PendingRetry(FailbackClusterInvoker owner, Invocation.Invocation invocation, IProviderInvoker? provider, Exception error)
        {
            _owner = owner;
            Invocation = invocation;
            LastError = error;
            if (provider is not null)
            {
                Tried.Add(provider);
                Last = [provider];
            }
        }

        public Invocation.Invocation Invocation { get; }

        public ITimer? Timer { get; set; }

        /// <summary>Every provider tried so far, the first call's included.</summary>
        public List<IProviderInvoker> Tried { get; } = [];

        /// <summary>The provider tried last, which the next retry avoids when it can (Dubbo's select(…, [lastInvoker])).</summary>
        public List<IProviderInvoker>? Last { get; set; }

        public Exception LastError { get; set; }

        public int Retried { get; set; }

        /// <summary>Runs the next retry (from the timer, which cannot await; the retry reports its own outcome).</summary>
        public void Start() => _ = _owner.RetryAsync(this);
    }
}
