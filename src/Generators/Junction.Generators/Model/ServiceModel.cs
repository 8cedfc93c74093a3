namespace Junction.Generators.Model;

/// <summary>Everything the emitters need about one <c>[RpcService]</c> interface. Strings, records and arrays only.</summary>
/// <param name="Namespace">The interface's namespace ("" for the global namespace).</param>
/// <param name="InterfaceType">The interface, <c>global::</c>-qualified.</param>
/// <param name="InterfaceName">The name on the wire and in the registry.</param>
/// <param name="BaseName">The stem of generated type names (<c>IGreeter</c> gives <c>Greeter</c>).</param>
/// <param name="GeneratedNamespace">Where serializers and synthesized messages go: unique per assembly.</param>
/// <param name="Messages">Every user message reachable from the methods, transitively.</param>
/// <param name="Synthesized">The generated request and response messages.</param>
/// <param name="Errors">Shapes the generator cannot handle: it emits nothing for the contract, and the analyzers report why.</param>
internal sealed record ServiceModel(
    string Namespace,
    string InterfaceType,
    string InterfaceName,
    string BaseName,
    string GeneratedNamespace,
    string Version,
    string Group,
    EquatableArray<string> Protocols,
    EquatableArray<MethodModel> Methods,
    EquatableArray<MessageModel> Messages,
    EquatableArray<MessageModel> Synthesized,
    EquatableArray<string> Errors);

internal enum ReturnKind
{
    Task,
    TaskOfT,
    ValueTask,
    ValueTaskOfT,
}

/// <summary>How the request or response travels: nothing (Empty), the user's message itself, or a synthesized message.</summary>
internal enum PayloadKind
{
    Empty,
    Message,
    Synthesized,
}

/// <summary>One method of a contract.</summary>
/// <param name="DeclaringInterface">The interface that declares the method (the contract or one of its bases).</param>
/// <param name="ReturnType">The declared return type, with nullable annotations.</param>
/// <param name="ResultType">The T of Task&lt;T&gt;, with annotations, or null.</param>
/// <param name="CancellationTokenName">The name of the trailing CancellationToken parameter, or null.</param>
/// <param name="HashArguments">The argument indexes <c>[RpcMethod(HashArguments = …)]</c> names; empty when it names none.</param>
internal sealed record MethodModel(
    string DeclaringInterface,
    string ClrName,
    string WireName,
    ReturnKind Return,
    string ReturnType,
    string? ResultType,
    EquatableArray<ParameterModel> Parameters,
    string? CancellationTokenName,
    int TimeoutMs,
    int Retries,
    bool Idempotent,
    PayloadKind Request,
    string RequestType,
    string RequestSerializer,
    string RequestProtoName,
    PayloadKind Response,
    string ResponseType,
    string ResponseSerializer,
    string ResponseProtoName,
    EquatableArray<int> HashArguments);

/// <summary>One parameter (the CancellationToken excluded).</summary>
/// <param name="Name">The parameter name, escaped with @ when it is a keyword.</param>
/// <param name="DeclaredType">The declared type with nullable annotations.</param>
internal sealed record ParameterModel(string Name, string DeclaredType, TypeShape Shape);
