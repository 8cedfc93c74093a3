namespace Junction.Consul.Tests.Double;

/// <summary>Answers queued by <see cref="ConsulDouble.FailNext"/>: the next matching requests get them instead of being handled.</summary>
internal sealed class RequestFaults
{
    private readonly List<Fault> _faults = [];

    public void Add(int status, string body, int times, string pathPrefix)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(status, 400);
        lock (_faults)
        {
            _faults.Add(new Fault(status, body, pathPrefix) { Remaining = times });
        }
    }

    public void ThrowIfQueued(string path)
    {
        lock (_faults)
        {
            var fault = _faults.Find(f => path.StartsWith(f.PathPrefix, StringComparison.Ordinal));
            if (fault is null)
            {
                return;
            }

            if (--fault.Remaining == 0)
            {
                _faults.Remove(fault);
            }

            throw new ConsulHttpError(fault.Status, fault.Body);
        }
    }

    private sealed record Fault(int Status, string Body, string PathPrefix)
    {
        public int Remaining { get; set; }
    }
}
