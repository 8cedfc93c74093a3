namespace Junction;

/// <summary>
/// The one exception type a Junction call fails with. <see cref="StatusCode"/> uses gRPC's code set; the message names
/// what failed (service, method, provider where known) and what to do about it.
/// </summary>
public class RpcException : Exception
{
    /// <summary>Creates an exception with a status code and an actionable message.</summary>
    public RpcException(RpcStatusCode statusCode, string message)
        : base(message)
    {
        StatusCode = statusCode;
    }

    /// <summary>Creates an exception with a status code, an actionable message and the exception that caused it.</summary>
    public RpcException(RpcStatusCode statusCode, string message, Exception? innerException)
        : base(message, innerException)
    {
        StatusCode = statusCode;
    }

    /// <summary>The status of the failed call.</summary>
    public RpcStatusCode StatusCode { get; }
}
