using Junction.Contracts;
using Junction.Serialization;

namespace Junction.Cli.Route;

/// <summary>
/// Builds the call that <c>junction route</c> routes: a one-method service made for the probe, so the runtime's
/// routers read the method name, arguments and attachments exactly as they read a real call's. The probe is never
/// sent; its serializers and handler refuse to run.
/// </summary>
internal static class RouteProbe
{
    /// <summary>
    /// Creates the call of <paramref name="method"/> on <paramref name="interfaceName"/> with string
    /// <paramref name="arguments"/> and <paramref name="attachments"/>.
    /// </summary>
    /// <param name="interfaceName">The service's interface (non-empty).</param>
    /// <param name="group">The service group, or null.</param>
    /// <param name="version">The service version, or null.</param>
    /// <param name="method">The method name; empty when the user named none, so a <c>method=</c> condition matches nothing.</param>
    /// <param name="arguments">The argument values, as text.</param>
    /// <param name="attachments">The attachments sent with the call.</param>
    /// <param name="application">The consumer's application, as a consumer sets it on its calls.</param>
    public static Invocation.Invocation Create(
        string interfaceName,
        string? group,
        string? version,
        string method,
        string[] arguments,
        IEnumerable<KeyValuePair<string, string>> attachments,
        string application)
    {
        var descriptor = new MethodDescriptor<ProbeArguments, Empty>(
            method,
            method,
            timeoutMs: 0,
            retries: -1,
            idempotent: false,
            NotSent.Instance,
            Empty.Serializer,
            static (_, _, _) => throw new NotSupportedException("A route probe is never invoked."));
        _ = new ServiceDescriptor(
            typeof(RouteProbe),
            interfaceName,
            version ?? "",
            group ?? "",
            [],
            [descriptor],
            protoFile: "",
            static _ => throw new NotSupportedException("A route probe has no client."));

        var invocation = new Invocation.Invocation(descriptor, new ProbeArguments(arguments)) { Application = application };
        foreach (var (key, value) in attachments)
        {
            invocation.Attachments[key] = value;
        }

        return invocation;
    }

    /// <summary>The probe's request serializer: a probe never goes on the wire.</summary>
    private sealed class NotSent : RpcSerializer<ProbeArguments>
    {
        public static readonly NotSent Instance = new();

        public override int GetSize(ProbeArguments value) => throw Refused();

        public override void Write(ref ProtoWriter writer, ProbeArguments value) => throw Refused();

        public override ProbeArguments Read(ref ProtoReader reader) => throw Refused();

        private static NotSupportedException Refused() => new("A route probe is never serialized.");
    }
}
