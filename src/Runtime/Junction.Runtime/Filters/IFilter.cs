using Junction.Invocation;

namespace Junction.Filters;

/// <summary>
/// A step of the consumer or provider chain (Dubbo's Filter): sees the call on the way in, calls the next step,
/// and sees the result on the way out. A filter that throws ends the call with its error.
/// </summary>
public interface IFilter
{
    /// <summary>Handles one call.</summary>
    ValueTask<RpcResult> InvokeAsync(Invocation.Invocation invocation, InvokerDelegate next);
}
