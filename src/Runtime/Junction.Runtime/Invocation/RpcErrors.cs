using Junction.Contracts;

namespace Junction.Invocation;

/// <summary>The error messages every protocol shares, so a failure reads the same over inproc, tcp and grpc.</summary>
internal static class RpcErrors
{
    public static RpcException UnknownMethod(ServiceDescriptor service, string method)
        => new(RpcStatusCode.Unimplemented, $"{service.ServiceKey} has no method named {method}; the consumer and provider use different contract versions.");

    public static RpcException UnknownService(string serviceKey, string provider)
        => new(RpcStatusCode.Unimplemented, $"Provider {provider} does not export {serviceKey}; check the consumer's version, group and interface name.");

    /// <summary>
    /// What a consumer sees of an exception thrown on the provider: status, type name and message, never the provider's
    /// stack trace. An <see cref="RpcException"/> keeps its status and message.
    /// </summary>
    public static RpcException FromProvider(Exception exception, Invocation invocation, string provider) => exception switch
    {
        RpcException rpc => rpc,
        OperationCanceledException => new RpcException(RpcStatusCode.Cancelled, $"{invocation.Method.FullName} was cancelled on provider {provider}."),
        _ => new RpcException(
            RpcStatusCode.Unknown,
            $"{invocation.Method.FullName} threw {exception.GetType().FullName} on provider {provider}: {exception.Message}"),
    };

    public static RpcException Deadline(Invocation invocation, string provider)
        => new(RpcStatusCode.DeadlineExceeded, $"{invocation.Method.FullName} did not complete within {invocation.Timeout.TotalMilliseconds:0} ms on provider {provider}; raise the timeout ([RpcMethod(TimeoutMs = ...)] or the consumer's TimeoutMs) or make the provider faster.");

    public static RpcException CancelledByCaller(Invocation invocation, string provider)
        => new(RpcStatusCode.Cancelled, $"{invocation.Method.FullName} was cancelled by the caller (provider {provider}).");
}
