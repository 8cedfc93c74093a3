namespace Junction;

/// <summary>Per-method defaults of a service contract; consumers may override them at run time.</summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false, AllowMultiple = false)]
public sealed class RpcMethodAttribute : Attribute
{
    /// <summary>The method name on the wire. Default: the C# name without its <c>Async</c> suffix.</summary>
    public string? Name { get; set; }

    /// <summary>The call timeout in milliseconds; 0 (the default) means the consumer's default (1000 ms).</summary>
    public int TimeoutMs { get; set; }

    /// <summary>
    /// How many times a failed call is retried on another provider; -1 (the default) means the consumer's default.
    /// Retries only happen for methods marked <see cref="Idempotent"/> or where retries were set explicitly.
    /// </summary>
    public int Retries { get; set; } = -1;

    /// <summary>Whether calling the method twice has the same effect as calling it once, which makes retries safe.</summary>
    public bool Idempotent { get; set; }

    /// <summary>
    /// The arguments (by index, from 0, the CancellationToken not counted) that the consistent-hash load balancer hashes
    /// on (Dubbo's <c>hash.arguments</c>); default the first.
    /// </summary>
    public int[]? HashArguments { get; set; }
}
