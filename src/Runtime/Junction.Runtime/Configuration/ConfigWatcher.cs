namespace Junction.Configuration;

/// <summary>
/// One watch of one key: delivers versions in order, one at a time, and drops a version older than one already
/// delivered (two changes racing to deliver: the later wins, the earlier is skipped). With <paramref name="failed"/>, a
/// watcher that throws is reported there and the delivery goes on to the other watchers; without it, the exception
/// reaches whoever made the change (the in-memory source's caller).
/// </summary>
internal sealed class ConfigWatcher(Action<string?> changed, Action<Exception>? failed = null)
{
    private readonly Lock _gate = new();
    private long _delivered = -1;
    private bool _stopped;

    public void Deliver(string? text, long version)
    {
        lock (_gate)
        {
            if (_stopped || version <= _delivered)
            {
                return;
            }

            _delivered = version;
            try
            {
                changed(text);
            }
            catch (Exception e) when (failed is not null && e is not OutOfMemoryException)
            {
                failed(e);
            }
        }
    }

    public void Stop()
    {
        lock (_gate)
        {
            _stopped = true;
        }
    }
}
