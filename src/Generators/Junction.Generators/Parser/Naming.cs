using System.Text;
using Microsoft.CodeAnalysis.CSharp;

namespace Junction.Generators.Parser;

/// <summary>Name conversions shared by the parser and the emitters.</summary>
internal static class Naming
{
    /// <summary><c>UserId</c> → <c>user_id</c>, as protoc's C# plugin maps back.</summary>
    public static string ToSnakeCase(string name)
    {
        var builder = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                var previousLower = i > 0 && (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1]));
                var nextLower = i > 0 && i + 1 < name.Length && char.IsUpper(name[i - 1]) && char.IsLower(name[i + 1]);
                if (previousLower || nextLower)
                {
                    builder.Append('_');
                }

                builder.Append(char.ToLowerInvariant(c));
            }
            else
            {
                builder.Append(c == '@' ? '_' : c);
            }
        }

        return builder.ToString().TrimStart('_');
    }

    /// <summary><c>Status</c> + <c>Active</c> → <c>STATUS_ACTIVE</c> (proto3 enum values share the package scope).</summary>
    public static string ToEnumValueName(string enumName, string member) => (ToSnakeCase(enumName) + "_" + ToSnakeCase(member)).ToUpperInvariant();

    /// <summary>A C# identifier from a dotted name: <c>Mall.Order</c> → <c>Mall_Order</c>.</summary>
    public static string ToIdentifier(string dotted)
    {
        var builder = new StringBuilder(dotted.Length);
        foreach (var c in dotted)
        {
            builder.Append(char.IsLetterOrDigit(c) || c == '_' ? c : '_');
        }

        return builder.ToString();
    }

    /// <summary>Escapes a C# keyword used as an identifier.</summary>
    public static string Escape(string identifier)
        => SyntaxFacts.GetKeywordKind(identifier) != SyntaxKind.None ? "@" + identifier : identifier;

    /// <summary>The wire name of a method: the C# name without <c>Async</c>.</summary>
    public static string WireMethodName(string clrName)
        => clrName.Length > 5 && clrName.EndsWith("Async", System.StringComparison.Ordinal) ? clrName.Substring(0, clrName.Length - 5) : clrName;

    /// <summary>The stem of generated names: <c>IGreeter</c> → <c>Greeter</c>.</summary>
    public static string BaseName(string interfaceName)
        => interfaceName.Length > 1 && interfaceName[0] == 'I' && char.IsUpper(interfaceName[1]) ? interfaceName.Substring(1) : interfaceName;
}
