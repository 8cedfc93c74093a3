using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Junction.Generators.Model;

namespace Junction.Generators.Parser;

/// <summary>
/// The contents of junction.contracts.json: what each published contract looks like on the wire (methods with their
/// request and response messages, and every message's field names, numbers and proto types). The generator emits one
/// per contract, the lock command merges them into the file, and the analyzer compares the compiled contracts with it.
/// Written deterministically (sorted, two-space indentation, <c>\n</c>) so the file diffs well in review.
/// </summary>
/// <remarks>
/// This file is compiled into the generator, the analyzer and the CLI; it uses only the model types and netstandard2.0.
/// </remarks>
internal sealed record ContractManifest(EquatableArray<ManifestContract> Contracts)
{
    public const string FileName = "junction.contracts.json";

    /// <summary>The file format's own version, the top-level <c>"version"</c>.</summary>
    public const int FormatVersion = 1;

    /// <summary>The proto name of the request or response of a method that takes or returns nothing.</summary>
    public const string EmptyMessage = "google.protobuf.Empty";

    /// <summary>A manifest with no contracts: what 'contracts lock' starts from when there is no file yet.</summary>
    public static ContractManifest Empty { get; } = new(EquatableArray<ManifestContract>.Empty);

    /// <summary>The contract with this interface name and group, or null. Contracts are keyed by both, never by version.</summary>
    public ManifestContract? Find(string interfaceName, string group)
    {
        foreach (var contract in Contracts)
        {
            if (contract.Interface == interfaceName && contract.Group == group)
            {
                return contract;
            }
        }

        return null;
    }

    /// <summary>This manifest with <paramref name="contracts"/> added, replacing any with the same interface and group.</summary>
    public ContractManifest With(IEnumerable<ManifestContract> contracts)
    {
        var replacing = contracts.ToList();
        var kept = Contracts.Where(c => !replacing.Any(r => r.Interface == c.Interface && r.Group == c.Group));
        return new ContractManifest(Sort(kept.Concat(replacing)));
    }

    /// <summary>The manifest of one contract: the descriptor's <c>Manifest</c> constant, and a valid lock file by itself.</summary>
    public static ContractManifest For(ServiceModel service) => new(new EquatableArray<ManifestContract>(new[] { Build(service) }));

    /// <summary>Describes a contract as it goes on the wire.</summary>
    public static ManifestContract Build(ServiceModel service)
    {
        var names = MessageNames(service);
        var methods = service.Methods.Select(m => new ManifestMethod(
            m.WireName,
            m.Request == PayloadKind.Empty ? EmptyMessage : names[m.RequestType],
            m.Response == PayloadKind.Empty ? EmptyMessage : names[m.ResponseType]));
        var messages = service.Messages.Concat(service.Synthesized).Select(message => new ManifestMessage(
            names[message.TypeName],
            Sort(message.Fields.Select(f => new ManifestField(f.ProtoName, f.Number, FieldType(f.Shape, names))))));
        return new ManifestContract(service.InterfaceName, service.Group, service.Version, Sort(methods, m => m.Name), Sort(messages, m => m.Name));
    }

    /// <summary>
    /// The proto name of every message of a contract, keyed by C# type name: the short name, or the full name with
    /// underscores when two messages share it; a synthesized message takes the C# name when a user message has its
    /// proto name. The same names as the contract's .proto text (ProtoEmitter), so the lock file and the .proto agree.
    /// </summary>
    public static Dictionary<string, string> MessageNames(ServiceModel service)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        var taken = new HashSet<string>(StringComparer.Ordinal);
        var shortNameCounts = service.Messages.GroupBy(m => m.ProtoName).ToDictionary(g => g.Key, g => g.Count());
        foreach (var message in service.Messages)
        {
            var name = shortNameCounts[message.ProtoName] > 1 ? ToIdentifier(message.DisplayName) : message.ProtoName;
            names[message.TypeName] = name;
            taken.Add(name);
        }

        foreach (var message in service.Synthesized)
        {
            var name = taken.Contains(message.ProtoName) ? message.DisplayName : message.ProtoName;
            names[message.TypeName] = name;
            taken.Add(name);
        }

        return names;
    }

    /// <summary>
    /// The field's proto type without <c>optional</c>: explicit presence does not change the encoding, so making a
    /// field nullable (or not) is not a wire break and must not read as one.
    /// </summary>
    private static string FieldType(TypeShape shape, Dictionary<string, string> names) => shape.Kind switch
    {
        ShapeKind.List => "repeated " + ValueType(shape.Element!, names),
        ShapeKind.Map => "map<" + (shape.Key!.Kind == ShapeKind.Enum ? "int32" : ValueType(shape.Key, names)) + ", " + ValueType(shape.Value!, names) + ">",
        _ => ValueType(shape, names),
    };

    private static string ValueType(TypeShape shape, Dictionary<string, string> names)
    {
        if (shape.Kind == ShapeKind.Message && names.TryGetValue(shape.TypeName, out var name))
        {
            return name;
        }

        return shape.Enum?.ProtoName ?? shape.ProtoType;
    }

    // Naming.ToIdentifier, repeated here because Naming needs Roslyn and the CLI compiles this file without it.
    private static string ToIdentifier(string dotted)
    {
        var builder = new StringBuilder(dotted.Length);
        foreach (var c in dotted)
        {
            builder.Append(char.IsLetterOrDigit(c) || c == '_' ? c : '_');
        }

        return builder.ToString();
    }

    private static EquatableArray<T> Sort<T>(IEnumerable<T> items, Func<T, string> key)
        where T : IEquatable<T>
        => items.OrderBy(key, StringComparer.Ordinal).ToEquatableArray();

    private static EquatableArray<ManifestField> Sort(IEnumerable<ManifestField> fields) => fields.OrderBy(f => f.Number).ToEquatableArray();

    private static EquatableArray<ManifestContract> Sort(IEnumerable<ManifestContract> contracts) => Sort(contracts, c => c.Interface + "\0" + c.Group);

    /// <summary>The file text: stable key order, sorted entries, two-space indentation, <c>\n</c> line endings.</summary>
    public string ToJson()
    {
        var w = new StringBuilder();
        w.Append("{\n");
        w.Append("  \"version\": ").Append(FormatVersion.ToString(CultureInfo.InvariantCulture)).Append(",\n");
        w.Append("  \"contracts\": [");
        var contracts = Sort(Contracts);
        for (var i = 0; i < contracts.Count; i++)
        {
            var contract = contracts[i];
            w.Append(i == 0 ? "\n" : ",\n");
            w.Append("    {\n");
            w.Append("      \"interface\": ").Append(ManifestJson.Quote(contract.Interface)).Append(",\n");
            w.Append("      \"group\": ").Append(ManifestJson.Quote(contract.Group)).Append(",\n");
            w.Append("      \"version\": ").Append(ManifestJson.Quote(contract.Version)).Append(",\n");
            w.Append("      \"methods\": [");
            var methods = Sort(contract.Methods, m => m.Name);
            for (var m = 0; m < methods.Count; m++)
            {
                w.Append(m == 0 ? "\n" : ",\n");
                w.Append("        { \"name\": ").Append(ManifestJson.Quote(methods[m].Name))
                    .Append(", \"request\": ").Append(ManifestJson.Quote(methods[m].Request))
                    .Append(", \"response\": ").Append(ManifestJson.Quote(methods[m].Response)).Append(" }");
            }

            w.Append(methods.Count == 0 ? "],\n" : "\n      ],\n");
            w.Append("      \"messages\": [");
            var messages = Sort(contract.Messages, m => m.Name);
            for (var m = 0; m < messages.Count; m++)
            {
                w.Append(m == 0 ? "\n" : ",\n");
                w.Append("        {\n");
                w.Append("          \"name\": ").Append(ManifestJson.Quote(messages[m].Name)).Append(",\n");
                w.Append("          \"fields\": [");
                var fields = Sort(messages[m].Fields);
                for (var f = 0; f < fields.Count; f++)
                {
                    w.Append(f == 0 ? "\n" : ",\n");
                    w.Append("            { \"name\": ").Append(ManifestJson.Quote(fields[f].Name))
                        .Append(", \"number\": ").Append(fields[f].Number.ToString(CultureInfo.InvariantCulture))
                        .Append(", \"type\": ").Append(ManifestJson.Quote(fields[f].Type)).Append(" }");
                }

                w.Append(fields.Count == 0 ? "]\n" : "\n          ]\n");
                w.Append("        }");
            }

            w.Append(messages.Count == 0 ? "]\n" : "\n      ]\n");
            w.Append("    }");
        }

        w.Append(contracts.Count == 0 ? "]\n" : "\n  ]\n");
        w.Append("}\n");
        return w.ToString();
    }

    /// <summary>Reads the file text.</summary>
    /// <exception cref="ManifestFormatException">The text is not JSON, or not a manifest; the message names the line and column.</exception>
    public static ContractManifest Parse(string json)
    {
        var root = ManifestJson.Parse(json);
        var document = new ObjectReader(root, "the document");
        var version = document.Integer("version");
        if (version.Value != FormatVersion)
        {
            throw version.Node.Error("format version " + version.Value.ToString(CultureInfo.InvariantCulture) + " is not supported (this Junction reads version " + FormatVersion.ToString(CultureInfo.InvariantCulture) + ")");
        }

        var contracts = new List<ManifestContract>();
        foreach (var item in document.Array("contracts"))
        {
            var contract = ReadContract(item);
            if (contracts.Any(c => c.Interface == contract.Interface && c.Group == contract.Group))
            {
                throw item.Error("contract '" + contract.Interface + "' with group '" + contract.Group + "' appears twice");
            }

            contracts.Add(contract);
        }

        document.RejectUnknown();
        return new ContractManifest(Sort(contracts));
    }

    private static ManifestContract ReadContract(JsonNode node)
    {
        var reader = new ObjectReader(node, "a contract");
        var interfaceName = reader.String("interface");
        var group = reader.String("group");
        var version = reader.String("version");

        var methods = new List<ManifestMethod>();
        foreach (var item in reader.Array("methods"))
        {
            var method = new ObjectReader(item, "a method");
            var name = method.String("name");
            if (methods.Any(m => m.Name == name))
            {
                throw item.Error("method '" + name + "' appears twice in '" + interfaceName + "'");
            }

            methods.Add(new ManifestMethod(name, method.String("request"), method.String("response")));
            method.RejectUnknown();
        }

        var messages = new List<ManifestMessage>();
        foreach (var item in reader.Array("messages"))
        {
            var message = new ObjectReader(item, "a message");
            var name = message.String("name");
            if (messages.Any(m => m.Name == name))
            {
                throw item.Error("message '" + name + "' appears twice in '" + interfaceName + "'");
            }

            var fields = new List<ManifestField>();
            foreach (var fieldNode in message.Array("fields"))
            {
                var field = new ObjectReader(fieldNode, "a field");
                var fieldName = field.String("name");
                var number = field.Integer("number");
                if (number.Value < 1 || number.Value > int.MaxValue)
                {
                    throw number.Node.Error("field number " + number.Value.ToString(CultureInfo.InvariantCulture) + " is not a valid field number");
                }

                if (fields.Any(f => f.Number == number.Value))
                {
                    throw fieldNode.Error("field number " + number.Value.ToString(CultureInfo.InvariantCulture) + " appears twice in message '" + name + "'");
                }

                if (fields.Any(f => f.Name == fieldName))
                {
                    throw fieldNode.Error("field '" + fieldName + "' appears twice in message '" + name + "'");
                }

                fields.Add(new ManifestField(fieldName, (int)number.Value, field.String("type")));
                field.RejectUnknown();
            }

            messages.Add(new ManifestMessage(name, Sort(fields)));
            message.RejectUnknown();
        }

        reader.RejectUnknown();
        return new ManifestContract(interfaceName, group, version, Sort(methods, m => m.Name), Sort(messages, m => m.Name));
    }

    /// <summary>Reads the members of one object by name, and rejects the ones nobody asked for (typos, not guesses).</summary>
    private sealed class ObjectReader
    {
        private readonly JsonNode _node;
        private readonly string _what;
        private readonly HashSet<string> _read = new(StringComparer.Ordinal);

        public ObjectReader(JsonNode node, string what)
        {
            if (node.Kind != JsonKind.Object)
            {
                throw node.Error(what + " must be an object");
            }

            _node = node;
            _what = what;
        }

        public string String(string name)
        {
            var value = Get(name);
            if (value.Kind != JsonKind.String)
            {
                throw value.Error("\"" + name + "\" must be a string");
            }

            return value.String;
        }

        public (long Value, JsonNode Node) Integer(string name)
        {
            var value = Get(name);
            if (value.Kind != JsonKind.Integer)
            {
                throw value.Error("\"" + name + "\" must be a whole number");
            }

            return (value.Integer, value);
        }

        public List<JsonNode> Array(string name)
        {
            var value = Get(name);
            if (value.Kind != JsonKind.Array)
            {
                throw value.Error("\"" + name + "\" must be an array");
            }

            return value.Items;
        }

        public void RejectUnknown()
        {
            foreach (var property in _node.Properties)
            {
                if (!_read.Contains(property.Name))
                {
                    throw new ManifestFormatException("unknown property \"" + property.Name + "\" in " + _what, property.Line, property.Column);
                }
            }
        }

        private JsonNode Get(string name)
        {
            _read.Add(name);
            foreach (var property in _node.Properties)
            {
                if (property.Name == name)
                {
                    return property.Value;
                }
            }

            throw _node.Error(_what + " has no \"" + name + "\"");
        }
    }
}

/// <summary>One contract in the manifest. <see cref="Methods"/> and <see cref="Messages"/> are sorted by name.</summary>
internal sealed record ManifestContract(
    string Interface,
    string Group,
    string Version,
    EquatableArray<ManifestMethod> Methods,
    EquatableArray<ManifestMessage> Messages)
{
    public ManifestMethod? FindMethod(string name) => Methods.FirstOrDefault(m => m.Name == name);

    public ManifestMessage? FindMessage(string name) => Messages.FirstOrDefault(m => m.Name == name);
}

/// <summary>A method by wire name, with the proto names of its request and response messages.</summary>
internal sealed record ManifestMethod(string Name, string Request, string Response);

/// <summary>A message by proto name; <see cref="Fields"/> sorted by number.</summary>
internal sealed record ManifestMessage(string Name, EquatableArray<ManifestField> Fields);

/// <summary>A field: proto name, number and proto type (<c>repeated T</c>, <c>map&lt;K, V&gt;</c>, scalar, enum or message name).</summary>
internal sealed record ManifestField(string Name, int Number, string Type);

internal enum BreakingChangeKind
{
    MethodRemoved,
    RequestChanged,
    ResponseChanged,
    FieldRemoved,
    FieldRenumbered,
    FieldReused,
}

/// <summary>
/// One change that breaks peers built against the locked contract. <see cref="Subject"/> and <see cref="Description"/>
/// read as a sentence ("'Order' in 'Mall.IOrderService' no longer has field 'coupon' = 9").
/// </summary>
/// <param name="Method">The wire name of the method concerned, for method changes.</param>
/// <param name="Message">The proto name of the message concerned, for field changes.</param>
/// <param name="CurrentField">The field as it is now named, when it still exists (renumbered, or its number reused).</param>
internal sealed record BreakingChange(BreakingChangeKind Kind, string Subject, string Description, string? Method, string? Message, string? CurrentField);

/// <summary>
/// What counts as breaking a published contract. Removing a method, changing a method's request or response message,
/// removing a field, renumbering a field, or giving a field number a different name or type all break peers built
/// against the lock; adding methods, messages or fields does not. Nothing is breaking once the major version (the part
/// of Version before the first '.') has been raised.
/// </summary>
internal static class ContractCompatibility
{
    public static List<BreakingChange> Compare(ManifestContract locked, ManifestContract current)
    {
        var changes = new List<BreakingChange>();
        if (IsMajorRaised(locked.Version, current.Version))
        {
            return changes;
        }

        foreach (var method in locked.Methods)
        {
            var now = current.FindMethod(method.Name);
            var subject = locked.Interface + "." + method.Name;
            if (now is null)
            {
                changes.Add(new BreakingChange(BreakingChangeKind.MethodRemoved, locked.Interface, "no longer has method '" + method.Name + "'", method.Name, null, null));
                continue;
            }

            if (now.Request != method.Request)
            {
                changes.Add(new BreakingChange(BreakingChangeKind.RequestChanged, subject, "changed its request from '" + method.Request + "' to '" + now.Request + "'", method.Name, null, null));
            }

            if (now.Response != method.Response)
            {
                changes.Add(new BreakingChange(BreakingChangeKind.ResponseChanged, subject, "changed its response from '" + method.Response + "' to '" + now.Response + "'", method.Name, null, null));
            }
        }

        foreach (var message in locked.Messages)
        {
            // A message no longer reached is reported where it was referenced: a method's request or response, or a field's type.
            var now = current.FindMessage(message.Name);
            if (now is null)
            {
                continue;
            }

            var where = "in '" + locked.Interface + "' ";
            foreach (var field in message.Fields)
            {
                var byNumber = now.Fields.FirstOrDefault(f => f.Number == field.Number);
                var byName = now.Fields.FirstOrDefault(f => f.Name == field.Name);
                if (byNumber is not null && byNumber.Name == field.Name && byNumber.Type == field.Type)
                {
                    continue;
                }

                var number = field.Number.ToString(CultureInfo.InvariantCulture);
                if (byName is not null && byName.Number != field.Number)
                {
                    changes.Add(new BreakingChange(
                        BreakingChangeKind.FieldRenumbered, message.Name,
                        where + "moved field '" + field.Name + "' from number " + number + " to " + byName.Number.ToString(CultureInfo.InvariantCulture),
                        null, message.Name, byName.Name));
                }
                else if (byNumber is not null && byNumber.Name != field.Name)
                {
                    changes.Add(new BreakingChange(
                        BreakingChangeKind.FieldReused, message.Name,
                        where + "reuses field number " + number + " for '" + byNumber.Name + "' (" + byNumber.Type + "), which was '" + field.Name + "' (" + field.Type + ")",
                        null, message.Name, byNumber.Name));
                }
                else if (byNumber is not null)
                {
                    changes.Add(new BreakingChange(
                        BreakingChangeKind.FieldReused, message.Name,
                        where + "changed field '" + field.Name + "' = " + number + " from " + field.Type + " to " + byNumber.Type,
                        null, message.Name, byNumber.Name));
                }
                else
                {
                    changes.Add(new BreakingChange(
                        BreakingChangeKind.FieldRemoved, message.Name,
                        where + "no longer has field '" + field.Name + "' = " + number,
                        null, message.Name, null));
                }
            }
        }

        return changes;
    }

    /// <summary>The part of a version before the first '.' (all of it when there is no '.').</summary>
    public static string Major(string version)
    {
        var dot = version.IndexOf('.');
        return dot < 0 ? version : version.Substring(0, dot);
    }

    /// <summary>
    /// Whether <paramref name="current"/> has a greater major version than <paramref name="locked"/>: numerically when
    /// both majors are whole numbers (so 10 follows 9), else by ordinal text comparison.
    /// </summary>
    public static bool IsMajorRaised(string locked, string current)
    {
        var before = Major(locked);
        var now = Major(current);
        if (IsDigits(before) && IsDigits(now))
        {
            before = before.TrimStart('0');
            now = now.TrimStart('0');
            return now.Length != before.Length ? now.Length > before.Length : string.CompareOrdinal(now, before) > 0;
        }

        return string.CompareOrdinal(now, before) > 0;
    }

    private static bool IsDigits(string text)
    {
        if (text.Length == 0)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (c < '0' || c > '9')
            {
                return false;
            }
        }

        return true;
    }
}
