using System.Collections.ObjectModel;

namespace Junction.Invocation;

/// <summary>
/// Attachments that travel with calls without being part of the contract (Dubbo's <c>RpcContext</c>): set some for the
/// calls made in a scope (a request tag, a tenant), read those of the call being served.
/// </summary>
/// <example>
/// <code>
/// using (RpcContext.WithAttachment("dubbo.tag", "gray"))
/// {
///     await orders.GetAsync(id);   // routed to providers tagged gray (falling back to untagged ones)
/// }
/// </code>
/// </example>
public static class RpcContext
{
    private static readonly IReadOnlyDictionary<string, string> None = ReadOnlyDictionary<string, string>.Empty;
    private static readonly AsyncLocal<Scope?> Outgoing = new();
    private static readonly AsyncLocal<Invocation?> Served = new();

    /// <summary>
    /// Adds <paramref name="key"/> = <paramref name="value"/> to every call made in this async flow until the returned
    /// scope is disposed. An inner scope's value wins over an outer one's; an attachment set on the call itself wins
    /// over both.
    /// </summary>
    public static IDisposable WithAttachment(string key, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(value);
        var scope = new Scope(key, value, Outgoing.Value);
        Outgoing.Value = scope;
        return scope;
    }

    /// <summary>The attachments of the call this code is serving; empty outside a provider or when it had none.</summary>
    public static IReadOnlyDictionary<string, string> ServerAttachments
        => Served.Value is { HasAttachments: true } served ? new ReadOnlyDictionary<string, string>(served.Attachments) : None;

    /// <summary>Adds the scoped attachments and, when asked, the served call's request tag to an outgoing call.</summary>
    internal static void ApplyTo(Invocation invocation, bool propagateTag)
    {
        for (var scope = Outgoing.Value; scope is not null; scope = scope.Outer)
        {
            invocation.Attachments.TryAdd(scope.Key, scope.Value);
        }

        if (propagateTag && Served.Value is { HasAttachments: true } served)
        {
            Carry(served, invocation, "dubbo.tag");
            Carry(served, invocation, "dubbo.force.tag");
        }
    }

    /// <summary>Whether <see cref="ApplyTo"/> has anything to do: keeps the consumer's common path to two reads.</summary>
    internal static bool HasOutgoing(bool propagateTag)
        => Outgoing.Value is not null || (propagateTag && Served.Value is not null);

    /// <summary>
    /// Makes <paramref name="invocation"/> the call being served until <see cref="ExitServed"/>. The caller's scoped
    /// attachments are hidden meanwhile: over the in-process protocol the handler runs in the caller's async flow, and
    /// a provider must not send on what its caller scoped (only what it received, when asked to propagate).
    /// </summary>
    internal static (Invocation? Served, object? Outgoing) EnterServed(Invocation invocation)
    {
        var previous = (Served.Value, (object?)Outgoing.Value);
        Served.Value = invocation;
        Outgoing.Value = null;
        return previous;
    }

    /// <summary>Restores what <see cref="EnterServed"/> returned.</summary>
    internal static void ExitServed((Invocation? Served, object? Outgoing) previous)
    {
        Served.Value = previous.Served;
        Outgoing.Value = (Scope?)previous.Outgoing;
    }

    private static void Carry(Invocation from, Invocation to, string key)
    {
        if (from.TryGetAttachment(key, out var value))
        {
            to.Attachments.TryAdd(key, value);
        }
    }

    private sealed class Scope(string key, string value, Scope? outer) : IDisposable
    {
        public string Key { get; } = key;

        public string Value { get; } = value;

        public Scope? Outer { get; } = outer;

        public void Dispose()
        {
            if (ReferenceEquals(Outgoing.Value, this))
            {
                Outgoing.Value = Outer;
            }
        }
    }
}
