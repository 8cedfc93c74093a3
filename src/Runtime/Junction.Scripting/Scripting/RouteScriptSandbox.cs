using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace Junction.Scripting;

/// <summary>
/// Refuses scripts that reach outside routing. The reference set alone cannot do it (System.Private.CoreLib holds
/// <c>System.IO.File</c>, <c>Environment</c>, reflection and threads), so every name, type and member the script's own
/// text binds to is checked against forbidden namespaces and types, including the types of expressions and locals, the
/// return and parameter types of members and type arguments: <c>typeof(T).GetMethod(..)</c> is refused because
/// <see cref="Type"/> is, and <c>e.TargetSite</c> because its type is in System.Reflection.
/// </summary>
/// <remarks>
/// This keeps a rule to computing over what it is given; it is not a boundary against a hostile rule author, who can
/// still write a loop that never ends. Rules come from the operators' config center, as in Dubbo.
/// </remarks>
internal static class RouteScriptSandbox
{
    private const int MostRefusals = 10;

    /// <summary>Namespaces a script may not use, with everything below them.</summary>
    private static readonly string[] ForbiddenNamespaces =
    [
        "System.IO", "System.Net", "System.Reflection", "System.Diagnostics", "System.Runtime", "System.Threading",
        "System.Security", "System.Resources", "System.ComponentModel", "System.Linq.Expressions", "Microsoft", "Internal",
    ];

    /// <summary>Types of the System namespace that reach the process, the machine or reflection.</summary>
    private static readonly HashSet<string> ForbiddenSystemTypes = new(StringComparer.Ordinal)
    {
        "Environment", "AppDomain", "AppContext", "Activator", "Type", "GC", "Console", "TypedReference",
        "RuntimeTypeHandle", "RuntimeMethodHandle", "RuntimeFieldHandle", "ModuleHandle", "ArgIterator", "RuntimeArgumentHandle",
    };

    /// <summary>The only Junction types a script may use: what it is given.</summary>
    private static readonly HashSet<string> AllowedJunctionTypes = new(StringComparer.Ordinal)
    {
        "Junction.Registry.ServiceInstance", "Junction.Routing.RouteConsumer", "Junction.Scripting.RouteScriptContext",
    };

    /// <summary>
    /// What the script's text in <paramref name="scriptSpan"/> uses that it may not, one line each:
    /// <c>line 1:1: System.IO.File.ReadAllText(string) (scripts may not use System.IO)</c>.
    /// </summary>
    public static List<string> Check(SemanticModel model, TextSpan scriptSpan)
    {
        var rule = model.Compilation.GetTypeByMetadataName(RouteScriptSource.RuleTypeName);
        var refusals = new List<string>();
        var root = model.SyntaxTree.GetRoot();

        // The wrapper declares a namespace, a class and two methods; any other declaration is the script's text
        // closing the method it is the body of, to add members (a static constructor, a finalizer) of its own.
        if (root.DescendantNodes().OfType<MemberDeclarationSyntax>().Count() != RouteScriptSource.DeclarationCount)
        {
            refusals.Add("the script is the body of a method: its braces must balance, and it cannot declare members or types (local functions are fine)");
            return refusals;
        }

        var seen = new HashSet<(int Line, string Reason)>();
        foreach (var node in root.DescendantNodes(n => n.FullSpan.IntersectsWith(scriptSpan)))
        {
            if (!scriptSpan.Contains(node.Span))
            {
                continue;
            }

            var (symbol, reason) = FirstForbidden(model, node, rule);
            if (reason is null)
            {
                continue;
            }

            var at = node.GetLocation().GetMappedLineSpan().StartLinePosition;
            if (!seen.Add((at.Line, reason)))
            {
                continue;
            }

            var what = symbol?.ToDisplayString() ?? node.ToString();
            refusals.Add($"line {at.Line + 1}:{at.Character + 1}: {what} (scripts may not use {reason})");
            if (refusals.Count == MostRefusals)
            {
                break;
            }
        }

        return refusals;
    }

    private static (ISymbol? Symbol, string? Reason) FirstForbidden(SemanticModel model, SyntaxNode node, INamedTypeSymbol? rule)
    {
        // A large stackalloc in a recursion overflows the stack before the budget's stack check can see it coming.
        if (node is StackAllocArrayCreationExpressionSyntax or ImplicitStackAllocArrayCreationExpressionSyntax)
        {
            return (null, "scripts may not use stackalloc");
        }

        var info = model.GetSymbolInfo(node);
        if (info.Symbol is { } bound && ForbiddenBy(bound, rule) is { } reason)
        {
            return (bound, reason);
        }

        foreach (var candidate in info.CandidateSymbols)
        {
            if (ForbiddenBy(candidate, rule) is { } candidateReason)
            {
                return (candidate, candidateReason);
            }
        }

        var type = model.GetTypeInfo(node);
        if (ForbiddenBy(type.Type, rule) is { } typeReason)
        {
            return (type.Type, typeReason);
        }

        if (ForbiddenBy(type.ConvertedType, rule) is { } convertedReason)
        {
            return (type.ConvertedType, convertedReason);
        }

        var declared = model.GetDeclaredSymbol(node);
        return declared is not null && ForbiddenBy(declared, rule) is { } declaredReason ? (declared, declaredReason) : (null, null);
    }

    /// <summary>Why <paramref name="symbol"/> is forbidden (the namespace or type it falls under), or null.</summary>
    private static string? ForbiddenBy(ISymbol symbol, INamedTypeSymbol? rule) => symbol switch
    {
        INamespaceSymbol ns => ns.IsGlobalNamespace ? null : ForbiddenNamespace(ns.ToDisplayString()),
        ITypeSymbol type => ForbiddenBy(type, rule),
        IMethodSymbol method => ForbiddenBy(method.ContainingType, rule)
            ?? ForbiddenBy(method.ReturnType, rule)
            ?? ForbiddenByAny(method.Parameters, rule)
            ?? ForbiddenByAny(method.TypeArguments, rule),
        IPropertySymbol property => ForbiddenBy(property.ContainingType, rule)
            ?? ForbiddenBy(property.Type, rule)
            ?? ForbiddenByAny(property.Parameters, rule),
        IFieldSymbol field => ForbiddenBy(field.ContainingType, rule) ?? ForbiddenBy(field.Type, rule),
        IEventSymbol @event => ForbiddenBy(@event.ContainingType, rule) ?? ForbiddenBy(@event.Type, rule),
        ILocalSymbol local => ForbiddenBy(local.Type, rule),
        IParameterSymbol parameter => ForbiddenBy(parameter.Type, rule),
        IDiscardSymbol discard => ForbiddenBy(discard.Type, rule),
        IAliasSymbol alias => ForbiddenBy(alias.Target, rule),
        _ => null,
    };

    private static string? ForbiddenByAny(IEnumerable<IParameterSymbol> parameters, INamedTypeSymbol? rule)
    {
        foreach (var parameter in parameters)
        {
            if (ForbiddenBy(parameter.Type, rule) is { } reason)
            {
                return reason;
            }
        }

        return null;
    }

    private static string? ForbiddenByAny(IEnumerable<ITypeSymbol> types, INamedTypeSymbol? rule)
    {
        foreach (var type in types)
        {
            if (ForbiddenBy(type, rule) is { } reason)
            {
                return reason;
            }
        }

        return null;
    }

    private static string? ForbiddenBy(ITypeSymbol? type, INamedTypeSymbol? rule)
    {
        switch (type)
        {
            case null or ITypeParameterSymbol:
                return null;
            case IArrayTypeSymbol array:
                return ForbiddenBy(array.ElementType, rule);
            case IPointerTypeSymbol or IFunctionPointerTypeSymbol:
                return "unsafe code";
            case { TypeKind: TypeKind.Dynamic }:
                return "dynamic";
            case INamedTypeSymbol named:
                return ForbiddenNamed(named, rule);
            default:
                return null;
        }
    }

    private static string? ForbiddenNamed(INamedTypeSymbol named, INamedTypeSymbol? rule)
    {
        if (SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, rule) || named.IsAnonymousType || named.TypeKind == TypeKind.Error)
        {
            return null;
        }

        if (named.ContainingType is { } outer)
        {
            if (ForbiddenNamed(outer, rule) is { } outerReason)
            {
                return outerReason;
            }
        }
        else if (ForbiddenTopLevel(named) is { } reason)
        {
            return reason;
        }

        return ForbiddenByAny(named.TypeArguments, rule);
    }

    private static string? ForbiddenTopLevel(INamedTypeSymbol type)
    {
        var ns = type.ContainingNamespace is { IsGlobalNamespace: false } containing ? containing.ToDisplayString() : "";
        if (ns == "System")
        {
            return ForbiddenSystemTypes.Contains(type.Name) ? "System." + type.Name : null;
        }

        if (ns == "Junction" || ns.StartsWith("Junction.", StringComparison.Ordinal))
        {
            var name = ns + "." + type.Name;
            return AllowedJunctionTypes.Contains(name) ? null : name;
        }

        return ForbiddenNamespace(ns);
    }

    private static string? ForbiddenNamespace(string ns)
    {
        foreach (var forbidden in ForbiddenNamespaces)
        {
            if (ns.StartsWith(forbidden, StringComparison.Ordinal) && (ns.Length == forbidden.Length || ns[forbidden.Length] == '.'))
            {
                return forbidden;
            }
        }

        return null;
    }
}
