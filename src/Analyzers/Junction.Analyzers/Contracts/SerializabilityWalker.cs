using System.Collections.Generic;
using System.Threading;
using Junction.Generators.Model;
using Junction.Generators.Parser;
using Microsoft.CodeAnalysis;

namespace Junction.Analyzers.Contracts;

/// <summary>
/// Finds the first type reachable from a parameter or result that the serializer cannot handle, and names its path
/// (<c>Order.Lines[].Sku</c>), using the generator's own shape rules.
/// </summary>
internal static class SerializabilityWalker
{
    /// <summary>
    /// Returns (path, reason) of the first problem, or null. With <paramref name="intoMessages"/> false, other message
    /// types are not entered (each message reports its own members).
    /// </summary>
    public static (string Path, string Reason)? FindProblem(ITypeSymbol type, string path, CancellationToken cancellationToken, bool intoMessages = true)
        => Walk(type, path, new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default), intoMessages, cancellationToken);

    private static (string Path, string Reason)? Walk(ITypeSymbol type, string path, HashSet<ITypeSymbol> visited, bool intoMessages, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var shape = new ShapeParser("", cancellationToken).Parse(type);
        switch (shape.Kind)
        {
            case ShapeKind.Unsupported:
                // A collection rejected for its element: name the element's path when the element is the problem.
                return Element(type, path + "[]", visited, intoMessages, cancellationToken) ?? (path, shape.Error!);
            case ShapeKind.List:
            case ShapeKind.Map:
                return Element(type, path + "[]", visited, intoMessages, cancellationToken);
            case ShapeKind.Message when intoMessages:
                var message = (INamedTypeSymbol)type.WithNullableAnnotation(NullableAnnotation.NotAnnotated);
                if (!visited.Add(message.OriginalDefinition))
                {
                    return null;
                }

                foreach (var member in MessageMembers.Read(message, out _, out _, cancellationToken))
                {
                    var problem = Walk(member.Property.Type, path + "." + member.Property.Name, visited, intoMessages, cancellationToken);
                    if (problem is not null)
                    {
                        return problem;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    /// <summary>The element (or dictionary value) of a collection type, walked only when it is itself a problem or a message.</summary>
    private static (string Path, string Reason)? Element(ITypeSymbol type, string path, HashSet<ITypeSymbol> visited, bool intoMessages, CancellationToken cancellationToken)
    {
        var element = type switch
        {
            IArrayTypeSymbol array => array.ElementType,
            INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } named when IsCollection(named) => named.TypeArguments[0],
            INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 2 } named when IsCollection(named) => named.TypeArguments[1],
            _ => null,
        };
        return element is null ? null : Walk(element, path, visited, intoMessages, cancellationToken);
    }

    private static bool IsCollection(INamedTypeSymbol type)
        => type.OriginalDefinition.ContainingNamespace.ToDisplayString() == "System.Collections.Generic";
}
