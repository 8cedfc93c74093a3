using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Junction.Analyzers.Contracts;
using Junction.Generators.Parser;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Junction.Analyzers.Messages;

/// <summary>
/// Checks <c>[RpcMessage]</c> types: field numbers (valid, unique, explicit before publishing), construction by the
/// serializer, and member types.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class MessageAnalyzer : DiagnosticAnalyzer
{
    /// <summary>The largest proto field number (2^29 - 1).</summary>
    public const int MaxFieldNumber = 536_870_911;

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        Descriptors.InvalidFieldNumber,
        Descriptors.DuplicateFieldNumber,
        Descriptors.MessageNotConstructible,
        Descriptors.ImplicitFieldNumbers,
        Descriptors.UnserializableType);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var message = start.Compilation.GetTypeByMetadataName(KnownNames.RpcMessageAttribute);
            if (message is not null)
            {
                start.RegisterSymbolAction(c => Analyze(c, message), SymbolKind.NamedType);
            }
        });
    }

    private static void Analyze(SymbolAnalysisContext context, INamedTypeSymbol messageAttribute)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        if (!type.GetAttributes().Any(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, messageAttribute)))
        {
            return;
        }

        var members = MessageMembers.Read(type, out _, out var constructionError, context.CancellationToken);
        if (constructionError is not null)
        {
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.MessageNotConstructible, type.Locations[0], type.Name, constructionError));
        }

        var byNumber = new Dictionary<int, MessageMember>();
        var implicitNumbers = false;
        foreach (var member in members)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            var memberLocation = MemberLocation(member);
            if (member.ExplicitNumber is { } number)
            {
                var problem = number switch
                {
                    0 => "zero",
                    < 0 => "negative",
                    >= 19_000 and <= 19_999 => "reserved for the protobuf implementation",
                    > MaxFieldNumber => "too large",
                    _ => null,
                };
                if (problem is not null)
                {
                    context.ReportDiagnostic(Diagnostic.Create(Descriptors.InvalidFieldNumber, AttributeLocation(member, context) ?? memberLocation, number, type.Name + "." + member.Property.Name, problem));
                }
            }
            else
            {
                implicitNumbers = true;
            }

            if (byNumber.TryGetValue(member.Number, out var first))
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    Descriptors.DuplicateFieldNumber, AttributeLocation(member, context) ?? memberLocation, first.Property.Name, member.Property.Name, type.Name, member.Number));
            }
            else
            {
                byNumber[member.Number] = member;
            }

            if (SerializabilityWalker.FindProblem(member.Property.Type, type.Name + "." + member.Property.Name, context.CancellationToken, intoMessages: false) is { } unsupported)
            {
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.UnserializableType, memberLocation, unsupported.Path, unsupported.Reason));
            }
        }

        if (implicitNumbers && members.Count > 0)
        {
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.ImplicitFieldNumbers, type.Locations[0], type.Name));
        }
    }

    /// <summary>The positional parameter when there is one (that is where a user reads it), else the property.</summary>
    private static Location MemberLocation(MessageMember member)
        => member.Parameter?.Locations.FirstOrDefault(l => l.IsInSource)
            ?? member.Property.Locations.FirstOrDefault(l => l.IsInSource)
            ?? Location.None;

    private static Location? AttributeLocation(MessageMember member, SymbolAnalysisContext context)
        => (member.FieldAttribute?.ApplicationSyntaxReference?.GetSyntax(context.CancellationToken) as AttributeSyntax)?.GetLocation();
}
