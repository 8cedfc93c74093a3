using System.Diagnostics;

namespace Junction.Filters.Observability;

/// <summary>
/// W3C trace context (<c>traceparent</c>, <c>tracestate</c>, and <c>baggage</c>) in a call's attachments, written and
/// read by <see cref="DistributedContextPropagator.Current"/> so an application that replaced the propagator gets its own.
/// </summary>
internal static class TraceContext
{
    /// <summary>Writes <paramref name="activity"/>'s context into the call's attachments.</summary>
    public static void Inject(Activity activity, Invocation.Invocation invocation)
        => DistributedContextPropagator.Current.Inject(activity, invocation, static (carrier, key, value) =>
        {
            if (carrier is Invocation.Invocation call && value is not null)
            {
                call.Attachments[key] = value;
            }
        });

    /// <summary>The caller's context from the call's attachments; default (no remote parent) when it sent none or a malformed one.</summary>
    public static ActivityContext Extract(Invocation.Invocation invocation)
    {
        if (!invocation.HasAttachments)
        {
            return default;
        }

        DistributedContextPropagator.Current.ExtractTraceIdAndState(invocation, Read, out var traceParent, out var traceState);
        return ActivityContext.TryParse(traceParent, traceState, isRemote: true, out var context) ? context : default;
    }

    /// <summary>Adds the caller's baggage to <paramref name="activity"/>.</summary>
    public static void ExtractBaggage(Invocation.Invocation invocation, Activity activity)
    {
        if (!invocation.HasAttachments || DistributedContextPropagator.Current.ExtractBaggage(invocation, Read) is not { } baggage)
        {
            return;
        }

        foreach (var (key, value) in baggage)
        {
            activity.AddBaggage(key, value);
        }
    }

    private static void Read(object? carrier, string fieldName, out string? fieldValue, out IEnumerable<string>? fieldValues)
    {
        fieldValues = null;
        fieldValue = carrier is Invocation.Invocation call && call.TryGetAttachment(fieldName, out var value) ? value : null;
    }
}
