using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text.RegularExpressions;
using Junction.Generators.Parser;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Junction.Analyzers.Contracts;

/// <summary>
/// Checks <c>[RpcService]</c> contracts: what a method may return and take, names and texts, protocols, per-method
/// options, and that every type on the wire can be serialized.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ContractAnalyzer : DiagnosticAnalyzer
{
    private static readonly Regex ServiceText = new("^[A-Za-z0-9._-]+$", RegexOptions.CultureInvariant);
    private static readonly Regex DottedName = new(@"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$", RegexOptions.CultureInvariant);
    private static readonly string[] KnownProtocols = ["tcp", "grpc", "inproc"];

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        Descriptors.ServiceNotInterface,
        Descriptors.UnsupportedReturnType,
        Descriptors.ByRefParameter,
        Descriptors.CancellationTokenPosition,
        Descriptors.UnserializableType,
        Descriptors.DuplicateWireName,
        Descriptors.InvalidServiceText,
        Descriptors.UnknownProtocol,
        Descriptors.GenericContract,
        Descriptors.NonMethodMember,
        Descriptors.RetriesWithoutIdempotent,
        Descriptors.NonPositiveTimeout,
        Descriptors.HashArgumentOutOfRange);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var service = start.Compilation.GetTypeByMetadataName(KnownNames.RpcServiceAttribute);
            if (service is null)
            {
                return;
            }

            var method = start.Compilation.GetTypeByMetadataName(KnownNames.RpcMethodAttribute);
            var cancellationToken = start.Compilation.GetTypeByMetadataName(KnownNames.CancellationToken);
            start.RegisterSymbolAction(c => AnalyzeType(c, service, method, cancellationToken), SymbolKind.NamedType);
        });
    }

    private static void AnalyzeType(SymbolAnalysisContext context, INamedTypeSymbol serviceAttribute, INamedTypeSymbol? methodAttribute, INamedTypeSymbol? cancellationTokenType)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        var attribute = type.GetAttributes().FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, serviceAttribute));
        if (attribute is null)
        {
            return;
        }

        if (type.TypeKind != TypeKind.Interface)
        {
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.ServiceNotInterface, type.Locations[0], type.Name));
            return;
        }

        if (type.IsGenericType)
        {
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.GenericContract, type.Locations[0], type.ToDisplayString()));
        }

        CheckServiceTexts(context, type, attribute);

        var wireNames = new Dictionary<string, IMethodSymbol>(StringComparer.Ordinal);
        foreach (var member in type.GetMembers().Concat(type.AllInterfaces.SelectMany(i => i.GetMembers())))
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            switch (member)
            {
                case IPropertySymbol property:
                    context.ReportDiagnostic(Diagnostic.Create(Descriptors.NonMethodMember, Where(property, type), property.Name, "property"));
                    break;
                case IEventSymbol @event:
                    context.ReportDiagnostic(Diagnostic.Create(Descriptors.NonMethodMember, Where(@event, type), @event.Name, "event"));
                    break;
                case IMethodSymbol { MethodKind: MethodKind.Ordinary, IsStatic: false, IsAbstract: true } method:
                    AnalyzeMethod(context, type, method, methodAttribute, cancellationTokenType, wireNames);
                    break;
            }
        }
    }

    private static void AnalyzeMethod(
        SymbolAnalysisContext context,
        INamedTypeSymbol contract,
        IMethodSymbol method,
        INamedTypeSymbol? methodAttributeType,
        INamedTypeSymbol? cancellationTokenType,
        Dictionary<string, IMethodSymbol> wireNames)
    {
        var syntax = method.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(context.CancellationToken) as MethodDeclarationSyntax;
        var methodLocation = Where(method, contract);
        var name = method.ContainingType.Name + "." + method.Name;
        if (method.IsGenericMethod)
        {
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.GenericContract, methodLocation, name));
        }

        // Return type.
        var returnDefinition = method.ReturnType.OriginalDefinition.ToDisplayString();
        ITypeSymbol? result = null;
        if (returnDefinition is "System.Threading.Tasks.Task<TResult>" or "System.Threading.Tasks.ValueTask<TResult>")
        {
            result = ((INamedTypeSymbol)method.ReturnType).TypeArguments[0];
        }
        else if (returnDefinition is not ("System.Threading.Tasks.Task" or "System.Threading.Tasks.ValueTask"))
        {
            var location = syntax?.ReturnType.GetLocation() ?? methodLocation;
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.UnsupportedReturnType, location, name, method.ReturnType.ToDisplayString()));
        }

        if (result is not null && SerializabilityWalker.FindProblem(result, "result", context.CancellationToken) is { } resultProblem)
        {
            var location = syntax?.ReturnType.GetLocation() ?? methodLocation;
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.UnserializableType, location, name + " " + resultProblem.Path, resultProblem.Reason));
        }

        // Parameters. With several tokens only the extra ones are reported; with one, its position.
        var tokenCount = method.Parameters.Count(p => SymbolEqualityComparer.Default.Equals(p.Type, cancellationTokenType));
        var tokens = 0;
        var argumentCount = 0;
        for (var i = 0; i < method.Parameters.Length; i++)
        {
            var parameter = method.Parameters[i];
            var location = parameter.Locations.FirstOrDefault() ?? methodLocation;
            if (parameter.RefKind != RefKind.None || parameter.IsParams)
            {
                var modifier = parameter.IsParams ? "params" : parameter.RefKind switch
                {
                    RefKind.Out => "out",
                    RefKind.In => "in",
                    RefKind.RefReadOnlyParameter => "ref readonly",
                    _ => "ref",
                };
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.ByRefParameter, location, parameter.Name, name, modifier));
                continue;
            }

            if (SymbolEqualityComparer.Default.Equals(parameter.Type, cancellationTokenType))
            {
                tokens++;
                if (tokens > 1)
                {
                    context.ReportDiagnostic(Diagnostic.Create(Descriptors.CancellationTokenPosition, location, name, $"'{parameter.Name}' is a second CancellationToken"));
                }
                else if (tokenCount == 1 && i != method.Parameters.Length - 1)
                {
                    context.ReportDiagnostic(Diagnostic.Create(Descriptors.CancellationTokenPosition, location, name, $"'{parameter.Name}' is not the last parameter"));
                }

                continue;
            }

            argumentCount++;
            if (SerializabilityWalker.FindProblem(parameter.Type, parameter.Name, context.CancellationToken) is { } problem)
            {
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.UnserializableType, location, name + "(" + problem.Path + ")", problem.Reason));
            }
        }

        // Per-method options.
        var options = method.GetAttributes().FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, methodAttributeType));
        var wireName = Naming.WireMethodName(method.Name);
        if (options is not null)
        {
            if (Argument(options, "Name") is { Value: string explicitName })
            {
                wireName = explicitName;
            }

            var idempotent = Argument(options, "Idempotent") is { Value: true };
            if (Argument(options, "Retries") is { Value: int retries } && retries > 0 && !idempotent)
            {
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.RetriesWithoutIdempotent, ArgumentLocation(options, "Retries", context) ?? methodLocation, name, retries));
            }

            if (Argument(options, "TimeoutMs") is { Value: int timeout } && timeout <= 0)
            {
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.NonPositiveTimeout, ArgumentLocation(options, "TimeoutMs", context) ?? methodLocation, name, timeout));
            }

            if (Argument(options, "HashArguments") is { Kind: TypedConstantKind.Array } hash)
            {
                foreach (var index in hash.Values.Select(v => v.Value).OfType<int>())
                {
                    if (index < 0 || index >= argumentCount)
                    {
                        context.ReportDiagnostic(Diagnostic.Create(Descriptors.HashArgumentOutOfRange, ArgumentLocation(options, "HashArguments", context) ?? methodLocation, name, index, argumentCount));
                    }
                }
            }
        }

        if (wireNames.TryGetValue(wireName, out var first))
        {
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.DuplicateWireName, methodLocation, first.Name, method.Name, contract.Name, wireName));
        }
        else
        {
            wireNames[wireName] = method;
        }
    }

    private static void CheckServiceTexts(SymbolAnalysisContext context, INamedTypeSymbol type, AttributeData attribute)
    {
        foreach (var property in new[] { "Version", "Group" })
        {
            if (Argument(attribute, property) is { Value: string text } && text.Length > 0 && !ServiceText.IsMatch(text))
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    Descriptors.InvalidServiceText, ArgumentLocation(attribute, property, context) ?? type.Locations[0], property, text, type.Name,
                    "use letters, digits, '.', '-' and '_' only (it becomes part of the service key {group}/{interface}:{version})"));
            }
        }

        if (Argument(attribute, "Name") is { Value: string name } && !DottedName.IsMatch(name))
        {
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.InvalidServiceText, ArgumentLocation(attribute, "Name", context) ?? type.Locations[0], "Name", name, type.Name,
                "use identifiers separated by dots, such as mall.OrderService (it becomes the proto package and service name)"));
        }

        if (Argument(attribute, "Protocol") is { Value: string protocols })
        {
            var items = protocols.Split(',').Select(p => p.Trim()).ToList();
            foreach (var protocol in items)
            {
                if (!KnownProtocols.Contains(protocol.ToLowerInvariant()))
                {
                    context.ReportDiagnostic(Diagnostic.Create(Descriptors.UnknownProtocol, ArgumentLocation(attribute, "Protocol", context) ?? type.Locations[0], type.Name, protocol));
                }
            }
        }
    }

    /// <summary>Reports on the member when it is declared in the contract itself, else on the contract.</summary>
    private static Location Where(ISymbol member, INamedTypeSymbol contract)
        => member.Locations.FirstOrDefault(l => l.IsInSource) ?? contract.Locations[0];

    private static TypedConstant? Argument(AttributeData attribute, string name)
    {
        foreach (var argument in attribute.NamedArguments)
        {
            if (argument.Key == name)
            {
                return argument.Value;
            }
        }

        return null;
    }

    private static Location? ArgumentLocation(AttributeData attribute, string name, SymbolAnalysisContext context)
    {
        if (attribute.ApplicationSyntaxReference?.GetSyntax(context.CancellationToken) is not AttributeSyntax syntax || syntax.ArgumentList is null)
        {
            return null;
        }

        foreach (var argument in syntax.ArgumentList.Arguments)
        {
            if (argument.NameEquals?.Name.Identifier.ValueText == name)
            {
                return argument.GetLocation();
            }
        }

        return null;
    }
}
