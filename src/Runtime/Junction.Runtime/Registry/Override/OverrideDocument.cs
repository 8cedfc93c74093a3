using System.Globalization;
using Junction.Routing.Tag;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Junction.Registry.Override;

/// <summary>
/// Reads Dubbo's dynamic configuration document (a "configurator", stored under <c>….configurators</c>):
/// <code>
/// configVersion: v3.0          # v2.7 or v3.0 (match needs v3.0)
/// scope: service               # service: key is group/interface:version; application: key is an application
/// key: mall/com.foo.OrderService:1.0
/// enabled: true                # false: the rule is off
/// configs:
///   - side: consumer           # consumer | provider
///     addresses: [0.0.0.0]     # the side's hosts; 0.0.0.0 or omitted = any
///     providerAddresses: ["10.0.0.7:20880"]
///     applications: [shop]     # service scope only; application scope uses the key
///     services: ["*"]          # application scope only; service scope uses the key
///     match: {param: [{key: env, value: {exact: gray}}]}
///     enabled: true
///     parameters: {weight: 200, disabled: false}
/// </code>
/// </summary>
/// <remarks>
/// Dubbo (<c>ConfigParser</c>, <c>ConfiguratorConfig</c>, <c>ConfigItem</c>) reads the document leniently: an unknown
/// field is ignored (so a misspelt <c>providerAdresses</c> would widen an item to every provider), an item without
/// <c>side</c> never applies, <c>enabled: yes</c> is false. Here each of these is an error naming the key, the field and
/// its line and column, and the directory keeps the overrides it had. Dubbo's own errors are kept: <c>key</c> is required
/// and an item must set at least one parameter. <c>weight</c> must be a whole number of 0 or more and <c>disabled</c>
/// true or false, since a bad value would otherwise surface only when a balancer reads it.
/// </remarks>
internal static class OverrideDocument
{
    /// <summary>The suffix of override keys in a config center.</summary>
    public const string KeySuffix = ".configurators";

    /// <summary>Parameters the directory interprets itself.</summary>
    public const string Weight = "weight";

    public const string Disabled = "disabled";

    private static readonly string[] DocumentFields = ["configVersion", "scope", "key", "enabled", "configs"];
    private static readonly string[] ItemFields = ["side", "addresses", "providerAddresses", "applications", "services", "match", "enabled", "type", "parameters"];
    private static readonly string[] MatchFields = ["address", "providerAddress", "service", "app", "application", "param"];

    /// <summary>
    /// Parameters Junction takes from the reference's or the provider's own options, never from provider metadata, and
    /// the ones Dubbo strips from an override before applying it (they select, they do not set).
    /// </summary>
    private static readonly Dictionary<string, string> NotApplied = new(StringComparer.Ordinal)
    {
        ["timeout"] = "timeouts come from the reference's options (ReferenceOptions.TimeoutMs and per method)",
        ["retries"] = "retries come from the reference's options (ReferenceOptions.Retries and per method)",
        ["loadbalance"] = "the load balancer comes from the reference's options (ReferenceOptions.LoadBalance)",
        ["cluster"] = "the cluster comes from the reference's options (ReferenceOptions.Cluster)",
        ["mock"] = "Junction has no mock cluster",
        ["actives"] = "the actives limit comes from the reference's options",
        ["connections"] = "connections come from the reference's options",
        ["token"] = "the token is the provider's own and is checked by the provider",
        ["executes"] = "provider limits are set where the service is exported",
        ["tps"] = "provider limits are set where the service is exported",
        ["accesslog"] = "provider filters are set where the service is exported",
        ["threads"] = "provider thread settings are set where the service is exported",
        ["threadpool"] = "provider thread settings are set where the service is exported",
        ["application"] = "Dubbo strips it: it selects, it does not set",
        ["side"] = "Dubbo strips it: it selects, it does not set",
        ["group"] = "Dubbo strips it: it selects, it does not set",
        ["version"] = "Dubbo strips it: it selects, it does not set",
        ["interface"] = "Dubbo strips it: it selects, it does not set",
        ["enabled"] = "Dubbo strips it; use disabled: true to take a provider out",
        ["category"] = "Dubbo strips it: it selects, it does not set",
        ["configVersion"] = "Dubbo strips it: it selects, it does not set",
    };

    /// <summary>Parses the document stored under <paramref name="key"/>.</summary>
    /// <exception cref="OverrideRuleException">The document cannot be used; the message says what and where.</exception>
    public static OverrideRule Parse(string key, string yaml)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(yaml);
        var reader = new Reader(key);
        var root = reader.Load(yaml);

        // A rule switched off is not checked further: turning off a broken rule must work.
        if (!reader.Boolean(root, "enabled", defaultValue: true))
        {
            return new OverrideRule { Key = key, Enabled = false };
        }

        reader.CheckFields(root, DocumentFields, "the document");
        var v30 = reader.IsVersion30(root);
        var applicationScope = reader.IsApplicationScope(root);
        var target = reader.Text(root, "key");
        if (string.IsNullOrWhiteSpace(target))
        {
            throw reader.Fail($"it has no key; write the {(applicationScope ? "application" : "service key (group/interface:version)")} the rule is for, e.g. key: {(applicationScope ? "shop" : "mall/com.foo.OrderService:1.0")}");
        }

        var configs = reader.Child(root, "configs");
        if (configs is not YamlSequenceNode { Children.Count: > 0 } list)
        {
            throw reader.Fail(configs is null
                ? "it has no configs; add at least one, e.g. configs: [{side: consumer, parameters: {weight: 200}}]"
                : $"configs {At(configs)} must be a non-empty list of items such as {{side: consumer, parameters: {{weight: 200}}}}");
        }

        var warnings = new List<string>();
        var items = new OverrideItem[list.Children.Count];
        for (var i = 0; i < items.Length; i++)
        {
            items[i] = reader.Item(list.Children[i], $"configs[{i}]", applicationScope, target, v30, warnings);
        }

        return new OverrideRule { Key = key, ApplicationScope = applicationScope, Target = target, Items = items, Warnings = warnings };
    }

    private static string At(YamlNode node)
        => $"(line {node.Start.Line.ToString(CultureInfo.InvariantCulture)}, column {node.Start.Column.ToString(CultureInfo.InvariantCulture)})";

    private static string Kind(YamlNode node) => node switch
    {
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        _ => "a single value",
    };

    /// <summary>Reads one document, turning every problem into an <see cref="OverrideRuleException"/> for its key.</summary>
    private readonly struct Reader(string key)
    {
        public OverrideRuleException Fail(string reason, Exception? inner = null) => new(key, reason, inner);

        public YamlMappingNode Load(string yaml)
        {
            var stream = new YamlStream();
            try
            {
                stream.Load(new StringReader(yaml));
            }
            catch (YamlException e)
            {
                throw Fail($"it is not valid YAML at line {e.Start.Line}, column {e.Start.Column}: {e.InnerException?.Message ?? e.Message}", e);
            }
            catch (InvalidOperationException e)
            {
                // YamlDotNet throws this for some unterminated flow collections.
                throw Fail($"it is not valid YAML ({e.Message}); check that every [ and {{ is closed", e);
            }

            return stream.Documents.Count switch
            {
                0 => throw Fail("the document is empty; an override needs configVersion, scope, key and configs"),
                1 when stream.Documents[0].RootNode is YamlMappingNode root => root,
                1 => throw Fail($"the document must be a mapping with configVersion, scope, key and configs, not {Kind(stream.Documents[0].RootNode)} {At(stream.Documents[0].RootNode)}"),
                var n => throw Fail($"the text holds {n} YAML documents (separated by ---); an override is one document"),
            };
        }

        public void CheckFields(YamlMappingNode mapping, string[] allowed, string where)
        {
            foreach (var entry in mapping.Children)
            {
                if (entry.Key is not YamlScalarNode { Value: { } name } || Array.IndexOf(allowed, name) < 0)
                {
                    throw Fail($"{where} has an unknown field \"{entry.Key}\" {At(entry.Key)}; the fields are {string.Join(", ", allowed)}");
                }
            }
        }

        public YamlNode? Child(YamlMappingNode mapping, string name)
            => mapping.Children.TryGetValue(new YamlScalarNode(name), out var value) && !IsNull(value) ? value : null;

        /// <summary>A scalar field's text; null when absent or YAML null.</summary>
        public string? Text(YamlMappingNode mapping, string name, string? where = null)
            => Child(mapping, name) is { } node ? Scalar(node, where is null ? name : where + "." + name) : null;

        public string Scalar(YamlNode node, string what)
            => node is YamlScalarNode { Value: { } text }
                ? text
                : throw Fail($"{what} {At(node)} must be a single value, not {Kind(node)}");

        public bool Boolean(YamlMappingNode mapping, string name, bool defaultValue, string? where = null)
        {
            var text = Text(mapping, name, where);
            return text is null ? defaultValue : ParseBoolean(text, where is null ? name : where + "." + name, Child(mapping, name)!);
        }

        public bool ParseBoolean(string text, string what, YamlNode node)
            => string.Equals(text, "true", StringComparison.OrdinalIgnoreCase) ? true
                : string.Equals(text, "false", StringComparison.OrdinalIgnoreCase) ? false
                : throw Fail($"{what} is \"{text}\" {At(node)}; write true or false");

        /// <summary>True for v3.0 (match honoured), false for v2.7; anything else is an error.</summary>
        public bool IsVersion30(YamlMappingNode root)
        {
            var text = Text(root, "configVersion");
            if (text is null)
            {
                throw Fail("it has no configVersion; write configVersion: v3.0");
            }

            // Dubbo tests startsWith("v3.0") for match; v2.7 rules apply without it.
            if (text.StartsWith("v3.0", StringComparison.Ordinal))
            {
                return true;
            }

            return text == "v2.7"
                ? false
                : throw Fail($"configVersion is \"{text}\" {At(Child(root, "configVersion")!)}; Junction reads v3.0 and v2.7 overrides");
        }

        public bool IsApplicationScope(YamlMappingNode root)
            => Text(root, "scope") switch
            {
                "application" => true,
                "service" => false,
                null => throw Fail("it has no scope; write scope: service (key is a service key) or scope: application (key is an application)"),
                var other => throw Fail($"scope is \"{other}\" {At(Child(root, "scope")!)}; write service or application"),
            };

        public OverrideItem Item(YamlNode node, string where, bool applicationScope, string target, bool v30, List<string> warnings)
        {
            if (node is not YamlMappingNode item)
            {
                throw Fail($"{where} {At(node)} must be a mapping such as {{side: consumer, parameters: {{weight: 200}}}}, not {Kind(node)}");
            }

            CheckFields(item, ItemFields, where);
            var side = Text(item, "side", where) switch
            {
                "consumer" => OverrideSide.Consumer,
                "provider" => OverrideSide.Provider,
                null => throw Fail($"{where} {At(node)} has no side; write side: consumer or side: provider (Dubbo never applies an item without one)"),
                var other => throw Fail($"{where}.side is \"{other}\" {At(Child(item, "side")!)}; write consumer or provider"),
            };

            var addresses = Strings(item, "addresses", where);
            var providerAddresses = Strings(item, "providerAddresses", where);
            var applications = Strings(item, "applications", where);
            var services = Strings(item, "services", where);
            if (applicationScope && applications is not null)
            {
                warnings.Add($"{where}.applications is ignored in application scope: the rule is for application {target}");
            }

            if (!applicationScope && services is not null)
            {
                warnings.Add($"{where}.services is ignored in service scope: the rule is for service {target}");
            }

            OverrideMatch? match = null;
            if (Child(item, "match") is { } matchNode)
            {
                match = Match(matchNode, where + ".match");
                if (!v30)
                {
                    warnings.Add($"{where}.match is ignored: it needs configVersion v3.0");
                    match = null;
                }
            }

            return new OverrideItem
            {
                Side = side,
                Enabled = Boolean(item, "enabled", defaultValue: true, where),
                Addresses = addresses is { Length: > 0 } ? addresses : [OverrideItem.AnyHost],
                ProviderAddresses = providerAddresses is { Length: > 0 } ? providerAddresses
                    : side == OverrideSide.Provider && addresses is { Length: > 0 } ? addresses
                    : [],
                Applications = applicationScope ? [target] : applications is { Length: > 0 } ? applications : null,
                Services = applicationScope ? (services is { Length: > 0 } ? services : null) : [target],
                Match = match,
                Parameters = Parameters(item, where, warnings),
            };
        }

        private string[]? Strings(YamlMappingNode mapping, string name, string where)
        {
            var node = Child(mapping, name);
            if (node is null)
            {
                return null;
            }

            if (node is not YamlSequenceNode list)
            {
                throw Fail($"{where}.{name} {At(node)} must be a list such as [\"10.0.0.7:20880\"], not {Kind(node)}");
            }

            var values = new string[list.Children.Count];
            for (var i = 0; i < values.Length; i++)
            {
                var value = Scalar(list.Children[i], $"{where}.{name}[{i}]").Trim();
                values[i] = value.Length > 0 ? value : throw Fail($"{where}.{name}[{i}] {At(list.Children[i])} is empty");
            }

            return values;
        }

        private Dictionary<string, string> Parameters(YamlMappingNode item, string where, List<string> warnings)
        {
            var node = Child(item, "parameters");
            if (node is not YamlMappingNode { Children.Count: > 0 } mapping)
            {
                // Dubbo: "Invalid configurator rule, please specify at least one parameter you want to change in the rule."
                throw Fail(node is null
                    ? $"{where} {At(item)} sets no parameters; add the ones to change, e.g. parameters: {{weight: 200}}"
                    : $"{where}.parameters {At(node)} must be a mapping with at least one parameter, e.g. {{weight: 200}}");
            }

            var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (nameNode, valueNode) in mapping.Children)
            {
                var name = Scalar(nameNode, where + ".parameters");
                var what = $"{where}.parameters.{name}";
                var value = IsNull(valueNode) ? "" : Scalar(valueNode, what);
                switch (name)
                {
                    case Weight:
                        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out _))
                        {
                            throw Fail($"{what} is \"{value}\" {At(valueNode)}; write a whole number of 0 or more (0 takes the provider out of weighted selection)");
                        }

                        break;
                    case Disabled:
                        value = ParseBoolean(value, what, valueNode) ? "true" : "false";
                        break;
                    default:
                        if (NotApplied.TryGetValue(name, out var why))
                        {
                            warnings.Add($"{what} is not applied: {why}");
                            continue;
                        }

                        break;
                }

                parameters[name] = value;
            }

            return parameters;
        }

        private OverrideMatch Match(YamlNode node, string where)
        {
            if (node is not YamlMappingNode match)
            {
                throw Fail($"{where} {At(node)} must be a mapping with address, providerAddress, service, app or param, not {Kind(node)}");
            }

            CheckFields(match, MatchFields, where);
            if (Child(match, "app") is not null && Child(match, "application") is not null)
            {
                throw Fail($"{where} {At(node)} has both app and application; they are the same condition (Dubbo's code reads app, its documentation writes application), keep one");
            }

            var app = Child(match, "app") is not null ? "app" : "application";
            return new OverrideMatch
            {
                Address = AddressMatch(match, "address", where),
                ProviderAddress = AddressMatch(match, "providerAddress", where),
                Service = OneOf(match, "service", where),
                App = OneOf(match, app, where),
                Param = Params(match, where),
            };
        }

        private OverrideAddressMatch? AddressMatch(YamlMappingNode match, string name, string where)
        {
            var node = Child(match, name);
            if (node is null)
            {
                return null;
            }

            var (kind, value, at) = OnlyKind(node, $"{where}.{name}", OverrideAddressMatch.Kinds, "{cird: 10.0.0.0/8}");
            return OverrideAddressMatch.TryCreate(kind, value, out var result, out var error)
                ? result
                : throw Fail($"{where}.{name} {At(at)}: {error}");
        }

        private TagStringMatch[]? OneOf(YamlMappingNode match, string name, string where)
        {
            var node = Child(match, name);
            if (node is null)
            {
                return null;
            }

            var what = $"{where}.{name}";
            if (node is not YamlMappingNode mapping || mapping.Children.Count != 1 || Child(mapping, "oneof") is not YamlSequenceNode { Children.Count: > 0 } list)
            {
                throw Fail($"{what} {At(node)} must be {{oneof: [...]}} with at least one match, e.g. {{oneof: [{{exact: shop}}]}}");
            }

            var matches = new TagStringMatch[list.Children.Count];
            for (var i = 0; i < matches.Length; i++)
            {
                matches[i] = StringMatch(list.Children[i], $"{what}.oneof[{i}]");
            }

            return matches;
        }

        private (string Key, TagStringMatch Value)[] Params(YamlMappingNode match, string where)
        {
            var node = Child(match, "param");
            if (node is null)
            {
                return [];
            }

            if (node is not YamlSequenceNode list)
            {
                throw Fail($"{where}.param {At(node)} must be a list such as [{{key: env, value: {{exact: gray}}}}], not {Kind(node)}");
            }

            var result = new (string, TagStringMatch)[list.Children.Count];
            for (var i = 0; i < result.Length; i++)
            {
                var what = $"{where}.param[{i}]";
                if (list.Children[i] is not YamlMappingNode entry)
                {
                    throw Fail($"{what} {At(list.Children[i])} must be a mapping {{key: …, value: {{exact: …}}}}, not {Kind(list.Children[i])}");
                }

                CheckFields(entry, ["key", "value"], what);
                var name = Text(entry, "key", what);
                var value = Child(entry, "value");
                if (string.IsNullOrEmpty(name) || value is null)
                {
                    throw Fail($"{what} {At(entry)} needs a key and a value, e.g. {{key: env, value: {{exact: gray}}}}");
                }

                result[i] = (name, StringMatch(value, what + ".value"));
            }

            return result;
        }

        private TagStringMatch StringMatch(YamlNode node, string what)
        {
            var (kind, value, at) = OnlyKind(node, what, TagStringMatch.Kinds, "{exact: gray}");
            return TagStringMatch.TryCreate(kind, value, out var match, out var error)
                ? match
                : throw Fail($"{what} {At(at)}: {error}");
        }

        /// <summary>A mapping of exactly one kind to its text, e.g. <c>{exact: gray}</c>.</summary>
        private (string Kind, string Value, YamlNode At) OnlyKind(YamlNode node, string what, string[] kinds, string example)
        {
            if (node is not YamlMappingNode { Children.Count: 1 } mapping)
            {
                throw Fail($"{what} {At(node)} must name exactly one of {string.Join(", ", kinds)}, e.g. {example}");
            }

            var (kindNode, valueNode) = mapping.Children.First();
            var kind = Scalar(kindNode, what);
            if (Array.IndexOf(kinds, kind) < 0)
            {
                throw Fail($"{what} {At(kindNode)}: '{kind}' is not a kind of match here; use one of {string.Join(", ", kinds)}");
            }

            return (kind, IsNull(valueNode) ? "" : Scalar(valueNode, what + "." + kind), valueNode);
        }

        private static bool IsNull(YamlNode node)
            => node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any, Value: null or "" or "~" or "null" or "Null" or "NULL" };
    }
}
