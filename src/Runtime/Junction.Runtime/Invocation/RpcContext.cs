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
    private static readonly AsyncLocal<ResponseCapture?> Capture = new();

    /// <summary>The attachment that tells a provider its consumer reads response attachments, so it keeps a context.</summary>
    internal const string ResponseKey = "junction.response";

    /// <summary>The scope collecting response attachments in this flow, if any.</summary>
    internal static ResponseCapture? CurrentCapture => Capture.Value;

    /// <summary>The call being served in this flow, if it keeps a context.</summary>
    internal static Invocation? CurrentServed => Served.Value;

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

    /// <summary>
    /// Sends <paramref name="key"/> = <paramref name="value"/> back with the response of the call this code is serving
    /// (Dubbo's server response context). Returns false, and sends nothing, outside a provider or when the consumer did
    /// not ask for response attachments (see <see cref="CaptureResponse"/>): keeping no context for calls nobody reads
    /// back keeps the provider's common path free of allocation.
    /// </summary>
    public static bool SetResponseAttachment(string key, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(value);
        if (Served.Value is not { } served)
        {
            return false;
        }

        served.SetResponseAttachment(key, value);
        return true;
    }

    /// <summary>
    /// Collects the attachments providers send back with the calls made in this async flow until the returned scope is
    /// disposed; <see cref="ResponseCapture.Attachments"/> holds those of the last call that completed.
    /// </summary>
    public static ResponseCapture CaptureResponse()
    {
        var capture = new ResponseCapture(Capture.Value);
        Capture.Value = capture;
        return capture;
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

    /// <summary>Ends a capture scope.</summary>
    internal static void EndCapture(ResponseCapture capture)
    {
        if (ReferenceEquals(Capture.Value, capture))
        {
            Capture.Value = capture.Outer;
        }
    }

    /// <summary>
    /// Makes <paramref name="invocation"/> the call being served until <see cref="ExitServed"/>. The caller's scoped
    /// attachments and response capture are hidden meanwhile: over the in-process protocol the handler runs in the caller's async flow, and
    /// a provider must not send on what its caller scoped (only what it received, when asked to propagate).
    /// </summary>
    internal static ServedFlow EnterServed(Invocation invocation)
    {
        var previous = new ServedFlow(Served.Value, Outgoing.Value, Capture.Value);
        Served.Value = invocation;
        Outgoing.Value = null;
        Capture.Value = null;
        return previous;
    }

    /// <summary>Restores what <see cref="EnterServed"/> returned.</summary>
    internal static void ExitServed(in ServedFlow previous)
    {
        Served.Value = previous.Served;
        Outgoing.Value = previous.Outgoing;
        Capture.Value = previous.Capture;
    }

    /// <summary>The caller's context, hidden while a call is served in its flow.</summary>
    internal readonly record struct ServedFlow(Invocation? Served, Scope? Outgoing, ResponseCapture? Capture);

    private static void Carry(Invocation from, Invocation to, string key)
    {
        if (from.TryGetAttachment(key, out var value))
        {
            to.Attachments.TryAdd(key, value);
        }
    }

    internal sealed class Scope(string key, string value, Scope? outer) : IDisposable
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

/// <summary>A scope collecting the response attachments of calls (<see cref="RpcContext.CaptureResponse"/>).</summary>
public sealed class ResponseCapture : IDisposable
{
    private static readonly IReadOnlyDictionary<string, string> None = ReadOnlyDictionary<string, string>.Empty;
    private volatile IReadOnlyDictionary<string, string> _attachments = None;

    internal ResponseCapture(ResponseCapture? outer) => Outer = outer;

    /// <summary>The attachments the provider sent back with the last call that completed in the scope; empty until then.</summary>
    public IReadOnlyDictionary<string, string> Attachments => _attachments;

    internal ResponseCapture? Outer { get; }

    internal void Record(IReadOnlyDictionary<string, string>? attachments) => _attachments = attachments ?? None;

    /// <summary>Ends the scope.</summary>
    public void Dispose() => RpcContext.EndCapture(this);
}
