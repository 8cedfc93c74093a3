namespace Junction.Invocation;

/// <summary>Something that can carry out a call: a cluster, a filter chain, a provider connection or a dispatcher.</summary>
public interface IInvoker
{
    /// <summary>Carries out the call. Failures come back in <see cref="RpcResult.Exception"/> rather than as throws.</summary>
    ValueTask<RpcResult> InvokeAsync(Invocation invocation);
}
