using System.ComponentModel;

namespace Junction.Serialization;

/// <summary>
/// A generated single-field response message that wraps a non-message result (for example <c>Task&lt;int&gt;</c>),
/// because a protobuf RPC always answers with a message.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface IRpcValue<TSelf, TValue>
    where TSelf : class, IRpcValue<TSelf, TValue>
{
    /// <summary>The wrapped result.</summary>
    TValue Value { get; }

    /// <summary>Wraps a result.</summary>
    static abstract TSelf Create(TValue value);
}
