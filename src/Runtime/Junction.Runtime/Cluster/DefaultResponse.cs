using Junction.Contracts;
using Junction.Invocation;

namespace Junction.Cluster;

/// <summary>
/// The result <c>failsafe</c> and <c>failback</c> return in place of a failure. Dubbo returns null, which a typed .NET
/// client cannot use: a method returning a message would hand the caller a null its signature says cannot be, and one
/// returning a plain value (<c>Task&lt;int&gt;</c>, <c>Task&lt;string&gt;</c>) would throw NullReferenceException while
/// unwrapping it. So the default is the response message decoded from zero bytes: what a proto3 provider sends for an
/// all-default message and what a gRPC client would see. A message comes with every field at its default (numbers 0,
/// strings and lists empty, nested messages absent), a plain value is its proto3 default (0, false, ""), and a method
/// without a result just completes.
/// </summary>
internal static class DefaultResponse
{
    public static RpcResult For(MethodDescriptor method) => RpcResult.FromValue(method.DeserializeResponse(ReadOnlySpan<byte>.Empty));
}
