using System.Globalization;
using System.Linq;
using Junction.Generators.Model;

namespace Junction.Generators.Emit;

/// <summary>
/// Emits the per-contract files: descriptor (constants, method table, .proto text, module-initializer registration),
/// client proxy, dispatcher handlers, and the synthesized request/response messages with their serializers.
/// </summary>
internal static class ContractEmitter
{
    public static string Descriptor(ServiceModel service, string proto)
    {
        var w = SourceWriter.File(service.Namespace);
        var name = service.BaseName + "Descriptor";
        w.Line($"/// <summary>The compile-time description of <see cref=\"{service.InterfaceType}\"/>.</summary>");
        w.Line(Names.GeneratedCode);
        w.Open($"internal static class {name}");
        w.Line($"public const string InterfaceName = {Literal(service.InterfaceName)};");
        w.Line($"public const string Version = {Literal(service.Version)};");
        w.Line($"public const string Group = {Literal(service.Group)};");
        w.Line($"public const string ServiceKey = {Literal(ServiceKey(service))};");
        w.Line();
        foreach (var method in service.Methods)
        {
            w.Line($"public static readonly {Names.MethodDescriptor}<{method.RequestType}, {method.ResponseType}> {Names.MethodField(method.WireName)} = new(");
            w.Line($"    {Literal(method.WireName)}, {Literal(method.ClrName)}, timeoutMs: {Int(method.TimeoutMs)}, retries: {Int(method.Retries)}, idempotent: {(method.Idempotent ? "true" : "false")},");
            var hashArguments = method.HashArguments.Count == 0
                ? ""
                : $", hashArguments: new int[] {{ {string.Join(", ", method.HashArguments.Select(Int))} }}";
            w.Line($"    {method.RequestSerializer}, {method.ResponseSerializer}, {service.BaseName}Dispatcher.{Names.MethodField(method.WireName)}{hashArguments});");
            w.Line();
        }

        var protocols = string.Join(", ", service.Protocols.Select(Literal));
        var methods = string.Join(", ", service.Methods.Select(m => Names.MethodField(m.WireName)));
        w.Line($"public static readonly {Names.ServiceDescriptor} Service = new(");
        w.Line($"    typeof({service.InterfaceType}), InterfaceName, Version, Group, new string[] {{ {protocols} }},");
        w.Line($"    new {Names.MethodDescriptor}[] {{ {methods} }}, Proto,");
        w.Line($"    static invoker => new {service.BaseName}Client(invoker), Manifest);");
        w.Line();
        w.Line("/// <summary>The proto3 definition of the contract, for gRPC peers in any language.</summary>");
        w.Line("public const string Proto = @\"" + proto.Replace("\"", "\"\"") + "\";");
        w.Line();
        w.Line("/// <summary>The contract's wire shape as junction.contracts.json records it ('dotnet junction contracts lock' writes it there).</summary>");
        w.Line("public const string Manifest = @\"" + Parser.ContractManifest.For(service).ToJson().Replace("\"", "\"\"") + "\";");
        w.Line();
        w.Line("[global::System.Runtime.CompilerServices.ModuleInitializer]");
        w.Line($"internal static void Register() => {Names.ContractRegistry}.Register(Service);");
        return w.ToString();
    }

    public static string Client(ServiceModel service)
    {
        var w = SourceWriter.File(service.Namespace);
        var name = service.BaseName + "Client";
        w.Line($"/// <summary>The client proxy of <see cref=\"{service.InterfaceType}\"/>: each call goes through the consumer pipeline.</summary>");
        w.Line(Names.GeneratedCode);
        w.Open($"internal sealed class {name} : {Names.RpcClientBase}, {service.InterfaceType}");
        w.Line($"public {name}({Names.IInvoker} invoker) : base(invoker) {{ }}");
        foreach (var method in service.Methods)
        {
            w.Line();
            var parameters = method.Parameters.Select(p => $"{p.DeclaredType} {p.Name}").ToList();
            if (method.CancellationTokenName is not null)
            {
                parameters.Add($"{Names.CancellationToken} {method.CancellationTokenName}");
            }

            w.Line($"{method.ReturnType} {method.DeclaringInterface}.{method.ClrName}({string.Join(", ", parameters)})");
            var descriptor = $"{service.BaseName}Descriptor.{Names.MethodField(method.WireName)}";
            var request = method.Request switch
            {
                PayloadKind.Empty => "global::Junction.Serialization.Empty.Instance",
                PayloadKind.Message => method.Parameters[0].Name,
                _ => $"new {method.RequestType}({string.Join(", ", method.Parameters.Select(p => p.Name))})",
            };
            var token = method.CancellationTokenName ?? "default";
            var call = method.Response switch
            {
                PayloadKind.Empty => $"InvokeVoidAsync({descriptor}, {request}, {token})",
                PayloadKind.Message => $"InvokeAsync({descriptor}, {request}, {token})",
                _ => $"InvokeValueAsync<{method.RequestType}, {method.ResponseType}, {method.ResultType}>({descriptor}, {request}, {token})",
            };
            var asTask = method.Return is ReturnKind.Task or ReturnKind.TaskOfT ? ".AsTask()" : "";
            w.Line($"    => {call}{asTask};");
        }

        return w.ToString();
    }

    public static string Dispatcher(ServiceModel service)
    {
        var w = SourceWriter.File(service.Namespace);
        w.Line($"/// <summary>The server stub of <see cref=\"{service.InterfaceType}\"/>: one handler per method, called with a decoded request.</summary>");
        w.Line(Names.GeneratedCode);
        w.Open($"internal static class {service.BaseName}Dispatcher");
        var first = true;
        foreach (var method in service.Methods)
        {
            if (!first)
            {
                w.Line();
            }

            first = false;
            var arguments = method.Request switch
            {
                PayloadKind.Empty => new System.Collections.Generic.List<string>(),
                PayloadKind.Message => new System.Collections.Generic.List<string> { "request" },
                _ => method.Parameters.Select(p => "request." + p.Name).ToList(),
            };
            if (method.CancellationTokenName is not null)
            {
                arguments.Add("cancellationToken");
            }

            var call = $"(({method.DeclaringInterface})service).{method.ClrName}({string.Join(", ", arguments)})";
            var body = method.Response switch
            {
                PayloadKind.Empty => $"{Names.ServerCall}.Void({call})",
                PayloadKind.Synthesized => $"{Names.ServerCall}.Wrap<{method.ResultType}, {method.ResponseType}>({call})",
                _ => method.Return == ReturnKind.TaskOfT ? $"new({call})" : call,
            };
            w.Line($"public static {Names.ValueTask}<{method.ResponseType}> {Names.MethodField(method.WireName)}(object service, {method.RequestType} request, {Names.CancellationToken} cancellationToken)");
            w.Line($"    => {body};");
        }

        return w.ToString();
    }

    public static string Messages(ServiceModel service)
    {
        var w = SourceWriter.File(service.GeneratedNamespace);
        var first = true;
        foreach (var message in service.Synthesized)
        {
            if (!first)
            {
                w.Line();
            }

            first = false;
            var isResponse = message.DisplayName.EndsWith("Response", System.StringComparison.Ordinal);
            var className = message.DisplayName;
            var fields = message.Fields;
            w.Line(Names.GeneratedCode);
            if (isResponse)
            {
                var valueType = service.Methods.First(m => m.ResponseType == message.TypeName).ResultType;
                w.Open($"internal sealed class {className} : {Names.IRpcValue}<{className}, {valueType}>");
                w.Line($"public {className}({valueType} Value) => this.Value = Value;");
                w.Line($"public {valueType} Value {{ get; }}");
                w.Line($"public static {className} Create({valueType} value) => new(value);");
                w.Close();
            }
            else
            {
                var method = service.Methods.First(m => m.RequestType == message.TypeName);
                w.Open($"internal sealed class {className} : {Names.IRpcArguments}");
                w.Open($"public {className}({string.Join(", ", method.Parameters.Select(p => $"{p.DeclaredType} {p.Name}"))})");
                foreach (var parameter in method.Parameters)
                {
                    w.Line($"this.{parameter.Name} = {parameter.Name};");
                }

                w.Close();
                w.Line();
                foreach (var parameter in method.Parameters)
                {
                    w.Line($"public readonly {parameter.DeclaredType} {parameter.Name};");
                }

                w.Line();
                w.Line($"int {Names.IRpcArguments}.Count => {Int(fields.Count)};");
                w.Line();
                w.Line($"object? {Names.IRpcArguments}.GetArgument(int index) => index switch");
                w.Line("{");
                for (var i = 0; i < method.Parameters.Count; i++)
                {
                    w.Line($"    {Int(i)} => {method.Parameters[i].Name},");
                }

                w.Line("    _ => null,");
                w.Line("};");
                w.Line();
                w.Line($"bool {Names.IRpcArguments}.TryFormatArgument(int index, global::System.Span<byte> destination, out int bytesWritten) => index switch");
                w.Line("{");
                for (var i = 0; i < method.Parameters.Count; i++)
                {
                    w.Line($"    {Int(i)} => {Names.RpcArgumentText}.TryFormat({method.Parameters[i].Name}, destination, out bytesWritten),");
                }

                w.Line($"    _ => {Names.RpcArgumentText}.None(out bytesWritten),");
                w.Line("};");
                w.Close();
            }

            w.Line();
            SerializerEmitter.EmitClass(w, message);
        }

        return w.ToString();
    }

    public static string ServiceKey(ServiceModel service)
    {
        var key = service.InterfaceName;
        if (service.Group.Length > 0)
        {
            key = service.Group + "/" + key;
        }

        if (service.Version.Length > 0)
        {
            key = key + ":" + service.Version;
        }

        return key;
    }

    private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Literal(string value) => "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
}
