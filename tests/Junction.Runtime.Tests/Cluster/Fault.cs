namespace Junction.Runtime.Tests.Cluster;

/// <summary>How a <see cref="FakeProvider"/> answers.</summary>
internal enum Fault
{
    /// <summary>Answers through the real dispatcher.</summary>
    None,

    /// <summary>Fails with Unavailable, as an unreachable or draining provider does.</summary>
    Unavailable,

    /// <summary>Fails with DeadlineExceeded, as a provider that did not answer in time.</summary>
    Deadline,

    /// <summary>Fails with a business error: the provider answered, and the answer is an error.</summary>
    Business,

    /// <summary>Does not answer until the call is cancelled (or a test would have given up waiting).</summary>
    Hang,
}
