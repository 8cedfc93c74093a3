using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Junction.Generators.Model;
using Microsoft.CodeAnalysis;

namespace Junction.Generators.Parser;

/// <summary>
/// Reads an <c>[RpcService]</c> interface into a <see cref="ServiceModel"/>. Shared with the analyzers so both read a
/// contract the same way; shapes it cannot handle are recorded in <see cref="ServiceModel.Errors"/>.
/// </summary>
internal static class ContractParser
{
    public static string GeneratedNamespaceFor(string? assemblyName) => "Junction.Generated." + Naming.ToIdentifier(assemblyName ?? "Assembly");

    public static ServiceModel ParseService(INamedTypeSymbol contract, AttributeData attribute, string? assemblyName, CancellationToken cancellationToken)
    {
        var generatedNamespace = GeneratedNamespaceFor(assemblyName);
        var shapes = new ShapeParser(generatedNamespace, cancellationToken);
        var errors = new List<string>();

        var interfaceType = contract.ToDisplayString(ShapeParser.TypeFormat);
        var display = interfaceType.Replace("global::", "");
        var version = NamedString(attribute, "Version") ?? "";
        var group = NamedString(attribute, "Group") ?? "";
        var interfaceName = NamedString(attribute, "Name") ?? display;
        var protocols = (NamedString(attribute, "Protocol") ?? KnownNames.DefaultProtocol)
            .Split(',').Select(p => p.Trim().ToLowerInvariant()).Where(p => p.Length > 0).Distinct().ToArray();
        if (protocols.Length == 0)
        {
            protocols = new[] { KnownNames.DefaultProtocol };
        }

        var baseName = Naming.BaseName(contract.Name);
        for (var containing = contract.ContainingType; containing is not null; containing = containing.ContainingType)
        {
            baseName = containing.Name + "_" + baseName;
        }

        if (contract.IsGenericType)
        {
            errors.Add($"{display} is generic; service contracts cannot be generic");
        }

        var members = new List<ISymbol>(contract.GetMembers());
        foreach (var inherited in contract.AllInterfaces)
        {
            members.AddRange(inherited.GetMembers());
        }

        var methods = new List<MethodModel>();
        var synthesized = new List<MessageModel>();
        var wireNames = new HashSet<string>();
        foreach (var member in members)
        {
            cancellationToken.ThrowIfCancellationRequested();
            switch (member)
            {
                case IMethodSymbol { MethodKind: MethodKind.Ordinary, IsStatic: false, IsAbstract: true } method:
                    var model = ParseMethod(method, baseName, generatedNamespace, shapes, synthesized, errors);
                    if (model is not null)
                    {
                        if (!wireNames.Add(model.WireName))
                        {
                            errors.Add($"{display} has two methods named {model.WireName} on the wire; rename one with [RpcMethod(Name = \"...\")]");
                        }

                        methods.Add(model);
                    }

                    break;
                case IPropertySymbol or IEventSymbol:
                    errors.Add($"{display}.{member.Name}: contracts can only declare methods, not properties or events");
                    break;
            }
        }

        // Message errors are reported by each message's own serializer file, once.
        var messages = shapes.DrainMessages();

        foreach (var message in synthesized)
        {
            foreach (var field in message.Fields)
            {
                if (field.Shape.Kind == ShapeKind.Unsupported)
                {
                    errors.Add($"{display}: {field.Shape.Error}");
                }
            }
        }

        return new ServiceModel(
            contract.ContainingNamespace.IsGlobalNamespace ? "" : contract.ContainingNamespace.ToDisplayString(),
            interfaceType,
            interfaceName,
            baseName,
            generatedNamespace,
            version,
            group,
            protocols.ToEquatableArray(),
            methods.ToEquatableArray(),
            messages.ToEquatableArray(),
            synthesized.ToEquatableArray(),
            errors.Distinct().ToEquatableArray());
    }

    /// <summary>Parses a standalone <c>[RpcMessage]</c> type (and what it reaches) for the per-message serializers.</summary>
    public static List<MessageModel> ParseMessages(INamedTypeSymbol type, string? assemblyName, CancellationToken cancellationToken)
    {
        var shapes = new ShapeParser(GeneratedNamespaceFor(assemblyName), cancellationToken);
        shapes.Parse(type);
        return shapes.DrainMessages();
    }

    private static MethodModel? ParseMethod(IMethodSymbol method, string baseName, string generatedNamespace, ShapeParser shapes, List<MessageModel> synthesized, List<string> errors)
    {
        var where = $"{method.ContainingType.ToDisplayString()}.{method.Name}";
        if (method.IsGenericMethod)
        {
            errors.Add($"{where} is generic; contract methods cannot be generic");
            return null;
        }

        var attribute = method.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == KnownNames.RpcMethodAttribute);
        var wireName = (attribute is null ? null : NamedString(attribute, "Name")) ?? Naming.WireMethodName(method.Name);
        var timeoutMs = attribute is null ? 0 : NamedInt(attribute, "TimeoutMs") ?? 0;
        var retries = attribute is null ? -1 : NamedInt(attribute, "Retries") ?? -1;
        var idempotent = attribute is not null && NamedBool(attribute, "Idempotent");
        var hashArguments = attribute is null ? EquatableArray<int>.Empty : NamedInts(attribute, "HashArguments");

        var returnType = method.ReturnType as INamedTypeSymbol;
        var returnDefinition = returnType?.OriginalDefinition.ToDisplayString();
        ReturnKind returnKind;
        ITypeSymbol? resultType = null;
        switch (returnDefinition)
        {
            case "System.Threading.Tasks.Task": returnKind = ReturnKind.Task; break;
            case "System.Threading.Tasks.ValueTask": returnKind = ReturnKind.ValueTask; break;
            case "System.Threading.Tasks.Task<TResult>": returnKind = ReturnKind.TaskOfT; resultType = returnType!.TypeArguments[0]; break;
            case "System.Threading.Tasks.ValueTask<TResult>": returnKind = ReturnKind.ValueTaskOfT; resultType = returnType!.TypeArguments[0]; break;
            default:
                errors.Add($"{where} returns {method.ReturnType.ToDisplayString()}; contract methods must return Task, Task<T>, ValueTask or ValueTask<T>");
                return null;
        }

        string? cancellationTokenName = null;
        var parameters = new List<ParameterModel>();
        for (var i = 0; i < method.Parameters.Length; i++)
        {
            var parameter = method.Parameters[i];
            if (parameter.RefKind != RefKind.None || parameter.IsParams)
            {
                errors.Add($"{where}: parameter {parameter.Name} is ref, out, in or params; contract parameters are passed by value");
                return null;
            }

            if (parameter.Type.ToDisplayString() == KnownNames.CancellationToken)
            {
                if (i != method.Parameters.Length - 1)
                {
                    errors.Add($"{where}: the CancellationToken must be the last parameter");
                    return null;
                }

                cancellationTokenName = Naming.Escape(parameter.Name);
                continue;
            }

            var shape = shapes.Parse(parameter.Type);
            if (shape.Kind == ShapeKind.Unsupported)
            {
                errors.Add($"{where}: parameter {parameter.Name}: {shape.Error}");
                return null;
            }

            parameters.Add(new ParameterModel(Naming.Escape(parameter.Name), parameter.Type.ToDisplayString(ShapeParser.AnnotatedFormat), shape));
        }

        var prefix = baseName + "_" + wireName;
        PayloadKind request;
        string requestType, requestSerializer, requestProto;
        if (parameters.Count == 0)
        {
            request = PayloadKind.Empty;
            requestType = "global::Junction.Serialization.Empty";
            requestSerializer = "global::Junction.Serialization.Empty.Serializer";
            requestProto = "google.protobuf.Empty";
        }
        else if (parameters.Count == 1 && parameters[0].Shape.Kind == ShapeKind.Message)
        {
            request = PayloadKind.Message;
            requestType = parameters[0].Shape.TypeName;
            requestSerializer = $"global::{generatedNamespace}.{parameters[0].Shape.Serializer}.Instance";
            requestProto = parameters[0].Shape.ProtoType;
        }
        else
        {
            request = PayloadKind.Synthesized;
            var name = prefix + "Request";
            requestType = $"global::{generatedNamespace}.{name}";
            requestSerializer = $"global::{generatedNamespace}.{name}Serializer.Instance";
            requestProto = wireName + "Request";
            var fields = parameters.Select((p, index) => new FieldModel(p.Name, index + 1, p.Shape, index, Naming.ToSnakeCase(p.Name.TrimStart('@')))).ToEquatableArray();
            synthesized.Add(new MessageModel(requestType, name, name + "Serializer", requestProto, fields, true, null));
        }

        PayloadKind response;
        string responseType, responseSerializer, responseProto;
        var resultShape = resultType is null ? null : shapes.Parse(resultType);
        if (resultShape is null)
        {
            response = PayloadKind.Empty;
            responseType = "global::Junction.Serialization.Empty";
            responseSerializer = "global::Junction.Serialization.Empty.Serializer";
            responseProto = "google.protobuf.Empty";
        }
        else if (resultShape.Kind == ShapeKind.Unsupported)
        {
            errors.Add($"{where}: result: {resultShape.Error}");
            return null;
        }
        else if (resultShape.Kind == ShapeKind.Message)
        {
            response = PayloadKind.Message;
            responseType = resultShape.TypeName;
            responseSerializer = $"global::{generatedNamespace}.{resultShape.Serializer}.Instance";
            responseProto = resultShape.ProtoType;
        }
        else
        {
            response = PayloadKind.Synthesized;
            var name = prefix + "Response";
            responseType = $"global::{generatedNamespace}.{name}";
            responseSerializer = $"global::{generatedNamespace}.{name}Serializer.Instance";
            responseProto = wireName + "Response";
            var field = new FieldModel("Value", 1, resultShape, 0, "value");
            synthesized.Add(new MessageModel(responseType, name, name + "Serializer", responseProto, new EquatableArray<FieldModel>(new[] { field }), true, null));
        }

        return new MethodModel(
            method.ContainingType.ToDisplayString(ShapeParser.TypeFormat),
            method.Name,
            wireName,
            returnKind,
            method.ReturnType.ToDisplayString(ShapeParser.AnnotatedFormat),
            resultType?.ToDisplayString(ShapeParser.AnnotatedFormat),
            parameters.ToEquatableArray(),
            cancellationTokenName,
            timeoutMs,
            retries,
            idempotent,
            request,
            requestType,
            requestSerializer,
            requestProto,
            response,
            responseType,
            responseSerializer,
            responseProto,
            hashArguments);
    }

    private static string? NamedString(AttributeData attribute, string name)
        => attribute.NamedArguments.FirstOrDefault(a => a.Key == name).Value.Value as string;

    private static int? NamedInt(AttributeData attribute, string name)
        => attribute.NamedArguments.FirstOrDefault(a => a.Key == name).Value.Value as int?;

    private static EquatableArray<int> NamedInts(AttributeData attribute, string name)
    {
        var value = attribute.NamedArguments.FirstOrDefault(a => a.Key == name).Value;
        return value.Kind == TypedConstantKind.Array && !value.IsNull
            ? value.Values.Select(v => v.Value).OfType<int>().ToEquatableArray()
            : EquatableArray<int>.Empty;
    }

    private static bool NamedBool(AttributeData attribute, string name)
        => attribute.NamedArguments.FirstOrDefault(a => a.Key == name).Value.Value as bool? ?? false;
}
