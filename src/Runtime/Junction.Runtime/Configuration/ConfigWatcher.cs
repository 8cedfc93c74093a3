namespace Junction.Configuration;

/// <summary>
/// One watch of one key: delivers versions in order, one at a time, and drops a version older than one already
/// delivered (two changes racing to deliver: the later wins, the earlier is skipped).
/// </summary>
internal sealed class ConfigWatcher(Action<string?> changed)
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
            changed(text);
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
