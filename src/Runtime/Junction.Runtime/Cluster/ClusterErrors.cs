using Junction.Invocation;

namespace Junction.Cluster;

/// <summary>How cluster strategies tell failures apart and word the errors they give up with.</summary>
internal static class ClusterErrors
{
    /// <summary>
    /// Whether a failed attempt says nothing about the call itself, only about the provider or the way to it (it was
    /// unreachable, refused, or did not answer in time), so another attempt may succeed. Every other failure is the
    /// provider's answer (a business error), or the caller's own cancellation: neither is retried.
    /// </summary>
    public static bool IsTransient(RpcResult result) => IsTransient(result.Exception);

    /// <inheritdoc cref="IsTransient(RpcResult)"/>
    public static bool IsTransient(Exception? exception)
        => exception is RpcException { StatusCode: RpcStatusCode.Unavailable or RpcStatusCode.DeadlineExceeded };

    /// <summary>
    /// The error a strategy gives up with: names the service, the method, what happened (<paramref name="summary"/>,
    /// e.g. "failed after 3 attempts"), the providers tried and the last error, whose status it keeps.
    /// </summary>
    public static RpcException Failed(Invocation.Invocation invocation, string summary, IReadOnlyList<IProviderInvoker> tried, Exception last)
    {
        var providers = new string[tried.Count];
        for (var i = 0; i < providers.Length; i++)
        {
            providers[i] = tried[i].Instance.ToString();
        }

        var status = last is RpcException rpc ? rpc.StatusCode : RpcStatusCode.Unknown;
        return new RpcException(
            status,
            $"{invocation.Service.ServiceKey} method {invocation.Method.Name} {summary} on [{string.Join(", ", providers)}]; last error: {last.Message}",
            last);
    }

    /// <summary>"1 attempt", "3 attempts".</summary>
    public static string Attempts(int count) => count == 1 ? "1 attempt" : $"{count} attempts";
}
