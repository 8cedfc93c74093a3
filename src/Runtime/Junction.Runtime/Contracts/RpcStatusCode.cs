namespace Junction;

/// <summary>
/// The status of a call, using gRPC's code set so that <c>grpc</c> and <c>tcp</c> report failures the same way.
/// </summary>
public enum RpcStatusCode
{
    /// <summary>The call succeeded.</summary>
    OK = 0,
    /// <summary>The call was cancelled, usually by the caller.</summary>
    Cancelled = 1,
    /// <summary>An error with no better code, for example an exception thrown by the implementation.</summary>
    Unknown = 2,
    /// <summary>The caller sent an argument the provider rejected.</summary>
    InvalidArgument = 3,
    /// <summary>The deadline passed before the call completed.</summary>
    DeadlineExceeded = 4,
    /// <summary>A requested entity was not found.</summary>
    NotFound = 5,
    /// <summary>The entity the caller tried to create already exists.</summary>
    AlreadyExists = 6,
    /// <summary>The caller may not do this (for example a missing or wrong token).</summary>
    PermissionDenied = 7,
    /// <summary>A limit was reached (concurrency, rate, size).</summary>
    ResourceExhausted = 8,
    /// <summary>The system is not in a state required for the call.</summary>
    FailedPrecondition = 9,
    /// <summary>The call was aborted, typically by a concurrency conflict.</summary>
    Aborted = 10,
    /// <summary>A value was outside its valid range.</summary>
    OutOfRange = 11,
    /// <summary>The provider does not implement the service or method.</summary>
    Unimplemented = 12,
    /// <summary>An invariant of the system was broken, for example a payload that does not decode.</summary>
    Internal = 13,
    /// <summary>No provider could be reached; retrying may succeed.</summary>
    Unavailable = 14,
    /// <summary>Data was lost or corrupted.</summary>
    DataLoss = 15,
    /// <summary>The caller did not authenticate.</summary>
    Unauthenticated = 16,
}
