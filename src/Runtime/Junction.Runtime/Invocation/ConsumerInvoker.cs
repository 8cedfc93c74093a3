using System.Diagnostics;
using Junction.Contracts;

namespace Junction.Invocation;

/// <summary>
/// The head of the consumer pipeline: stamps each call with its resolved timeout and the application name, then runs
/// consumer filters and the cluster. Per-method values are precomputed in arrays indexed by method. Attachments scoped
/// with <see cref="RpcContext.WithAttachment"/> (and the served call's request tag, when propagated) join the call here,
/// before routing reads them; a call made while serving another gets at most the time that one has left, when deadlines
/// propagate; response attachments reach a <see cref="RpcContext.CaptureResponse"/> scope. Calls made before the
/// registry's first provider list arrived wait for it, within their timeout.
/// </summary>
internal sealed class ConsumerInvoker(
    TimeSpan[] timeoutsByMethod, string application, IInvoker next, bool propagateTag = false, bool propagateDeadline = false, Task? firstSnapshot = null,
    IAsyncDisposable? owner = null)
    : IInvoker, IAsyncDisposable
{
    // Null once the first snapshot is in: from then on the call path reads one field and goes on.
    private Task? _firstSnapshot = firstSnapshot;

    private static readonly TimeSpan MinimumLeft = TimeSpan.FromMilliseconds(1);

    public ValueTask<RpcResult> InvokeAsync(Invocation invocation)
    {
        if (invocation.Timeout == TimeSpan.Zero)
        {
            invocation.Timeout = timeoutsByMethod[invocation.Method.Index];
        }

        invocation.Application ??= application;
        if (RpcContext.HasOutgoing(propagateTag))
        {
            RpcContext.ApplyTo(invocation, propagateTag);
        }

        if (propagateDeadline && RpcContext.CurrentServed is { ServedSince: > 0 } served)
        {
            var refused = Refuse(invocation, served);
            if (refused is not null)
            {
                return new ValueTask<RpcResult>(RpcResult.FromException(refused));
            }
        }

        if (_firstSnapshot is { } first)
        {
            if (!first.IsCompleted)
            {
                return AfterFirstSnapshotAsync(invocation, first);
            }

            _firstSnapshot = null;
        }

        return Send(invocation);
    }

    /// <summary>
    /// Dubbo's TIMEOUT_TERMINATE, for a call made while serving <paramref name="served"/>: its consumer has given up, so
    /// no work is started for it (the error), or the call gets at most the time it has left (null).
    /// </summary>
    private static RpcException? Refuse(Invocation invocation, Invocation served)
    {
        // Its cancellation first: the consumer's cancel (sent when it times out, on a clock that started before this
        // provider's, or when its caller cancels) arrives while the time measured from the start of serving still shows
        // some left. Only while it is served: the token's source is pooled and goes to another call once this one ended.
        if (!served.ServedEnded && served.CancellationToken.IsCancellationRequested)
        {
            return new RpcException(
                RpcStatusCode.Cancelled,
                $"{invocation.Method.FullName} was not sent: the call being served ({served.Method.FullName}) was cancelled (its consumer cancelled it or gave up at its deadline, or the connection closed).");
        }

        if (served.Timeout <= TimeSpan.Zero)
        {
            return null;
        }

        // Under a millisecond left counts as none: no remote call completes in less.
        var left = served.Timeout - Stopwatch.GetElapsedTime(served.ServedSince);
        if (left < MinimumLeft)
        {
            return new RpcException(
                RpcStatusCode.DeadlineExceeded,
                $"{invocation.Method.FullName} was not sent: no time left, the call being served ({served.Method.FullName}) is past its {served.Timeout.TotalMilliseconds:0} ms deadline.");
        }

        if (left < invocation.Timeout)
        {
            invocation.Timeout = left;
        }

        return null;
    }

    private ValueTask<RpcResult> Send(Invocation invocation)
    {
        if (RpcContext.CurrentCapture is { } capture)
        {
            // Tells the provider to keep a context for this call, so its implementation can send attachments back.
            invocation.Attachments[RpcContext.ResponseKey] = "1";
            return CaptureAsync(invocation, capture);
        }

        return next.InvokeAsync(invocation);
    }

    /// <summary>
    /// A call made while the consumer is starting: waits for the registry's first list (or the cache's) at most the call's
    /// timeout, which the wait uses up; without a list by then the cluster reports no provider.
    /// </summary>
    private async ValueTask<RpcResult> AfterFirstSnapshotAsync(Invocation invocation, Task first)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await first.WaitAsync(invocation.Timeout, invocation.CancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Still no list: the cluster says there is no provider, and why.
        }
        catch (OperationCanceledException) when (invocation.CancellationToken.IsCancellationRequested)
        {
            return RpcResult.FromException(new RpcException(RpcStatusCode.Cancelled, $"{invocation.Method.FullName} was cancelled while waiting for the registry's first provider list."));
        }

        var left = invocation.Timeout - Stopwatch.GetElapsedTime(started);
        invocation.Timeout = left > MinimumLeft ? left : MinimumLeft;
        return await Send(invocation).ConfigureAwait(false);
    }

    /// <summary>Releases the pipeline, then <c>owner</c> (the runtime of a client made without DI, which nothing else disposes).</summary>
    public async ValueTask DisposeAsync()
    {
        if (next is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync().ConfigureAwait(false);
        }

        if (owner is not null)
        {
            await owner.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async ValueTask<RpcResult> CaptureAsync(Invocation invocation, ResponseCapture capture)
    {
        var result = await next.InvokeAsync(invocation).ConfigureAwait(false);
        capture.Record(result.Attachments);
        return result;
    }
}
