using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace Junction.Generators.Parser;

/// <summary>One member of a message as the serializer sees it. Transient: holds symbols, never stored in a model.</summary>
internal sealed class MessageMember
{
    public MessageMember(IPropertySymbol property, IParameterSymbol? parameter, int constructorIndex, AttributeData? fieldAttribute, int? explicitNumber, int number)
    {
        Property = property;
        Parameter = parameter;
        ConstructorIndex = constructorIndex;
        FieldAttribute = fieldAttribute;
        ExplicitNumber = explicitNumber;
        Number = number;
    }

    public IPropertySymbol Property { get; }

    /// <summary>The positional-record or constructor parameter the member is passed as, if any.</summary>
    public IParameterSymbol? Parameter { get; }

    public int ConstructorIndex { get; }

    /// <summary>The [RpcField] attribute on the property or its parameter, if any.</summary>
    public AttributeData? FieldAttribute { get; }

    public int? ExplicitNumber { get; }

    /// <summary>The field number on the wire: the explicit one, else the position in declaration order (from 1).</summary>
    public int Number { get; }
}

/// <summary>
/// Which members of a message type are fields, in what order, with what numbers, and how the type is constructed.
/// The generator and the analyzers both call this, so they cannot disagree about a message.
/// </summary>
internal static class MessageMembers
{
    /// <summary>
    /// Fields: properties matched to the widest public constructor whose parameters all name properties (positional
    /// records, in parameter order), then settable or init properties in declaration order (base types first).
    /// </summary>
    public static List<MessageMember> Read(INamedTypeSymbol type, out IMethodSymbol? constructor, out string? constructionError, CancellationToken cancellationToken)
    {
        var properties = new List<IPropertySymbol>();
        var chain = new List<INamedTypeSymbol>();
        for (var t = type; t is not null && t.SpecialType != SpecialType.System_Object; t = t.BaseType)
        {
            chain.Insert(0, t);
        }

        foreach (var t in chain)
        {
            foreach (var member in t.GetMembers())
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (member is IPropertySymbol { IsStatic: false, IsIndexer: false, DeclaredAccessibility: Accessibility.Public, GetMethod: not null } property
                    && !properties.Any(p => p.Name == property.Name))
                {
                    properties.Add(property);
                }
            }
        }

        constructor = null;
        foreach (var candidate in type.InstanceConstructors)
        {
            if (candidate.DeclaredAccessibility != Accessibility.Public || candidate.Parameters.Length == 0)
            {
                continue;
            }

            var matchesAll = candidate.Parameters.All(p => properties.Any(prop =>
                string.Equals(prop.Name, p.Name, System.StringComparison.OrdinalIgnoreCase)
                && SymbolEqualityComparer.Default.Equals(prop.Type.WithNullableAnnotation(NullableAnnotation.NotAnnotated), p.Type.WithNullableAnnotation(NullableAnnotation.NotAnnotated))));
            var isCopyConstructor = candidate.Parameters.Length == 1 && SymbolEqualityComparer.Default.Equals(candidate.Parameters[0].Type, type);
            if (matchesAll && !isCopyConstructor && (constructor is null || candidate.Parameters.Length > constructor.Parameters.Length))
            {
                constructor = candidate;
            }
        }

        var hasParameterless = type.InstanceConstructors.Any(c => c.DeclaredAccessibility == Accessibility.Public && c.Parameters.Length == 0);
        constructionError = null;
        if (type.IsAbstract)
        {
            constructionError = "it is abstract; make it a concrete class or record";
        }
        else if (type.IsGenericType)
        {
            constructionError = "it is generic; messages must be concrete types";
        }
        else if (constructor is null && !hasParameterless)
        {
            constructionError = "give it a public parameterless constructor or a constructor whose parameters match its properties";
        }

        var ordered = new List<IPropertySymbol>();
        if (constructor is not null)
        {
            foreach (var parameter in constructor.Parameters)
            {
                ordered.Add(properties.First(p => string.Equals(p.Name, parameter.Name, System.StringComparison.OrdinalIgnoreCase)));
            }
        }

        foreach (var property in properties)
        {
            if (!ordered.Contains(property, SymbolEqualityComparer.Default) && property.SetMethod is { DeclaredAccessibility: Accessibility.Public })
            {
                ordered.Add(property);
            }
        }

        var members = new List<MessageMember>(ordered.Count);
        for (var i = 0; i < ordered.Count; i++)
        {
            var property = ordered[i];
            var constructorIndex = -1;
            for (var p = 0; constructor is not null && p < constructor.Parameters.Length; p++)
            {
                if (string.Equals(constructor.Parameters[p].Name, property.Name, System.StringComparison.OrdinalIgnoreCase))
                {
                    constructorIndex = p;
                }
            }

            var parameter = constructorIndex >= 0 ? constructor!.Parameters[constructorIndex] : null;
            var attribute = FieldAttribute(property) ?? (parameter is null ? null : FieldAttribute(parameter));
            var explicitNumber = attribute is { ConstructorArguments.Length: 1 } && attribute.ConstructorArguments[0].Value is int number ? number : (int?)null;
            members.Add(new MessageMember(property, parameter, constructorIndex, attribute, explicitNumber, explicitNumber ?? i + 1));
        }

        return members;
    }

    private static AttributeData? FieldAttribute(ISymbol symbol)
    {
        foreach (var attribute in symbol.GetAttributes())
        {
            if (attribute.AttributeClass?.ToDisplayString() == KnownNames.RpcFieldAttribute)
            {
                return attribute;
            }
        }

        return null;
    }
}
