namespace Junction.Invocation;

/// <summary>The rest of a pipeline, as a filter sees it.</summary>
public delegate ValueTask<RpcResult> InvokerDelegate(Invocation invocation);
