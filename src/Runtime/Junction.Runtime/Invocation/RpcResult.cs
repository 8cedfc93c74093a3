namespace Junction.Invocation;

/// <summary>The outcome of a call as it travels back through the pipeline: a response message or an exception.</summary>
public readonly struct RpcResult
{
    private RpcResult(object? value, Exception? exception, IReadOnlyDictionary<string, string>? attachments)
    {
        Value = value;
        Exception = exception;
        Attachments = attachments;
    }

    /// <summary>The response message when the call succeeded.</summary>
    public object? Value { get; }

    /// <summary>The failure, when the call failed.</summary>
    public Exception? Exception { get; }

    /// <summary>Attachments the provider sent back, if any.</summary>
    public IReadOnlyDictionary<string, string>? Attachments { get; }

    /// <summary>Whether the call succeeded.</summary>
    public bool IsSuccess => Exception is null;

    /// <summary>A successful result.</summary>
    public static RpcResult FromValue(object value, IReadOnlyDictionary<string, string>? attachments = null) => new(value, null, attachments);

    /// <summary>A failed result.</summary>
    public static RpcResult FromException(Exception exception, IReadOnlyDictionary<string, string>? attachments = null)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return new(null, exception, attachments);
    }
}
