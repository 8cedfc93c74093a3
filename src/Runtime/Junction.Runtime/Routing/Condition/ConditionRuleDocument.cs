using System.Globalization;
using Junction.Routing.Syntax;
using Microsoft.Extensions.Logging;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Junction.Routing.Condition;

/// <summary>
/// Reads a Dubbo condition-rule document (YAML, stored in a config center under <c>….condition-router</c>) into the routers
/// that run in sequence, one per condition: v3.0 documents (<c>conditions:</c> a list of rule strings) and v3.1 documents
/// (<c>configVersion: v3.1</c>, each condition <c>from: {match: …}</c> and <c>to: [{match: …, weight: …}]</c>).
/// </summary>
/// <remarks>
/// <para>
/// Dubbo (<c>ConditionRuleParser</c>) logs a document it cannot use and keeps the previous rules. Here every such document
/// is a <see cref="RoutingRuleException"/> naming the key, the condition and what to change, and the caller keeps the
/// previous rules. Where Dubbo would read a document silently as something else, it is an error too:
/// </para>
/// <list type="bullet">
/// <item><c>configVersion</c> above v3.1 (Dubbo ignores the whole rule without a word) and text that is not a version.</item>
/// <item>Keys this format does not have (Dubbo ignores them, so <c>forse: true</c> or a condition's <c>form:</c> would
/// silently route differently; <c>priority</c>, <c>trafficDisable</c> inside a v3.1 condition are not implemented by
/// Dubbo either).</item>
/// <item><c>force</c>, <c>enabled</c>, <c>runtime</c> other than <c>true</c>/<c>false</c> (Dubbo reads anything else as false).</item>
/// <item>A v3.1 destination whose match is <c>false</c>. Quirk: Dubbo reads it as "every provider", the opposite of what
/// <c>=&gt; false</c> means in v3.0; to switch matching calls off, leave <c>to</c> out. A blank match still selects every
/// provider, as in Dubbo.</item>
/// <item>A v3.1 weight below 1. Quirk: Dubbo reads 0 or less as 100, so a destination "turned down to 0" would get the
/// default share; remove the destination instead.</item>
/// <item>A v3.1 condition with neither <c>from</c> nor <c>to</c> (Dubbo would switch every call off).</item>
/// </list>
/// <para>
/// <c>enabled: false</c> gives no routers: the rule is off, and the rest of the document is not checked. <c>scope</c>,
/// <c>key</c>, <c>priority</c> and <c>runtime</c> are checked but change nothing, as in Dubbo 3.x (the config key decides
/// the scope; routing runs on every call).
/// </para>
/// </remarks>
internal static class ConditionRuleDocument
{
    /// <summary>The suffix of condition-rule keys in a config center.</summary>
    public const string KeySuffix = ".condition-router";

    /// <summary>The largest v3.1 destination weight; weights are relative, and this keeps their sum within an int.</summary>
    public const int MaxWeight = 1_000_000;

    private const int DefaultWeight = 100;
    private const string RuleExample = "method=find* => host=10.0.0.*";

    private static readonly string[] DocumentKeys = ["configVersion", "scope", "key", "force", "runtime", "enabled", "priority", "conditions"];
    private static readonly string[] ConditionKeys = ["from", "to"];
    private static readonly string[] FromKeys = ["match"];
    private static readonly string[] DestinationKeys = ["match", "weight"];

    /// <summary>Parses the document stored under <paramref name="key"/> into the routers that run in sequence.</summary>
    /// <param name="key">The config key, e.g. <c>com.foo.BarService::.condition-router</c>; names the rule in errors and descriptions.</param>
    /// <param name="yaml">The document.</param>
    /// <param name="consumer">The consumer the rules route for.</param>
    /// <returns>One router per condition, in the order written; none when the rule is disabled.</returns>
    /// <exception cref="RoutingRuleException">The document cannot be used; the message says where and why.</exception>
    public static IReadOnlyList<RuleRouter> Parse(string key, string yaml, RouteConsumer consumer)
        => Parse(key, yaml, consumer, next: null, logger: null);

    /// <summary>As <see cref="Parse(string, string, RouteConsumer)"/>, with the random source of v3.1 weighted picks and a logger.</summary>
    /// <param name="key">The config key.</param>
    /// <param name="yaml">The document.</param>
    /// <param name="consumer">The consumer the rules route for.</param>
    /// <param name="next">Returns a number in [0, n) for n; shared randomness when null.</param>
    /// <param name="logger">Receives the exceptions that make a rule step aside for a call.</param>
    public static IReadOnlyList<RuleRouter> Parse(string key, string yaml, RouteConsumer consumer, Func<int, int>? next, ILogger? logger)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(yaml);
        ArgumentNullException.ThrowIfNull(consumer);
        var document = new Reader(key);
        var root = document.Load(yaml);

        // A rule that is switched off is not checked further: turning off a broken rule must work.
        if (!document.Boolean(root, "enabled", defaultValue: true))
        {
            return [];
        }

        document.CheckKeys(root, DocumentKeys, "the document");
        var v31 = document.IsVersion31(root);
        var force = document.Boolean(root, "force", defaultValue: false);
        document.Boolean(root, "runtime", defaultValue: true);
        document.Integer(root, "priority");
        document.Scope(root);
        document.Text(root, "key");

        var conditions = document.Conditions(root, v31);
        var routers = new RuleRouter[conditions.Children.Count];
        for (var i = 0; i < routers.Length; i++)
        {
            var condition = conditions.Children[i];
            routers[i] = v31
                ? document.MultiDestination(condition, i, force, consumer, next, logger)
                : document.Condition(condition, i, force, consumer, logger);
        }

        return routers;
    }

    /// <summary>Reads one document, turning every problem into a <see cref="RoutingRuleException"/> for its key.</summary>
    private readonly struct Reader(string key)
    {
        public YamlMappingNode Load(string yaml)
        {
            var stream = new YamlStream();
            try
            {
                stream.Load(new StringReader(yaml));
            }
            catch (YamlException e)
            {
                throw Fail($"the document is not valid YAML at line {e.Start.Line}, column {e.Start.Column}: {e.Message}", e);
            }
            catch (InvalidOperationException e)
            {
                // YamlDotNet 16 throws this for some unterminated flow collections instead of a YamlException.
                throw Fail($"the document is not valid YAML ({e.Message}); check that every [ and {{ is closed", e);
            }

            return stream.Documents.Count switch
            {
                0 => throw Fail($"the document is empty; write a rule such as conditions: [\"{RuleExample}\"]"),
                1 when stream.Documents[0].RootNode is YamlMappingNode root => root,
                1 => throw Fail($"the document must be a mapping with a conditions: list, not {Kind(stream.Documents[0].RootNode)} ({At(stream.Documents[0].RootNode)})"),
                _ => throw Fail($"the text holds {stream.Documents.Count} YAML documents (separated by ---); a rule is one document"),
            };
        }

        public void CheckKeys(YamlMappingNode mapping, string[] allowed, string where)
        {
            foreach (var entry in mapping.Children)
            {
                var name = entry.Key is YamlScalarNode { Value: { } text } ? text : null;
                if (name is null || Array.IndexOf(allowed, name) < 0)
                {
                    throw Fail($"{where} has an unknown key \"{name ?? entry.Key.ToString()}\" ({At(entry.Key)}); the keys are {string.Join(", ", allowed)}");
                }
            }
        }

        /// <summary>True for v3.1, false for v3.0; anything newer or unreadable is an error.</summary>
        public bool IsVersion31(YamlMappingNode root)
        {
            var node = Scalar(root, "configVersion", out var text);
            if (text is null)
            {
                return false;
            }

            if (!TryParseVersion(text, out var major, out var minor))
            {
                throw Fail($"configVersion \"{text}\" is not a version ({At(node!)}); write v3.0 (a list of rule strings) or v3.1 (from/to conditions)");
            }

            if (major > 3 || (major == 3 && minor > 1))
            {
                // Dubbo ignores such a rule and routes as if there were none; say so instead.
                throw Fail($"configVersion \"{text}\" is newer than the formats Junction reads, v3.0 and v3.1 ({At(node!)}); Dubbo ignores such a rule silently, so it would not route anything there either");
            }

            return major == 3 && minor == 1;
        }

        public bool Boolean(YamlMappingNode mapping, string name, bool defaultValue)
        {
            var node = Scalar(mapping, name, out var text);
            if (text is null)
            {
                return defaultValue;
            }

            if (string.Equals(text, "true", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            if (string.Equals(text, "false", StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }

            throw Fail($"{name} is \"{text}\" ({At(node!)}); write true or false");
        }

        public int? Integer(YamlMappingNode mapping, string name)
        {
            var node = Scalar(mapping, name, out var text);
            if (text is null)
            {
                return null;
            }

            return int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
                ? value
                : throw Fail($"{name} is \"{text}\" ({At(node!)}); write a whole number");
        }

        public void Scope(YamlMappingNode root)
        {
            var node = Scalar(root, "scope", out var text);
            if (text is not null && text != "service" && text != "application")
            {
                throw Fail($"scope is \"{text}\" ({At(node!)}); write service or application");
            }
        }

        public string? Text(YamlMappingNode mapping, string name)
        {
            Scalar(mapping, name, out var text);
            return text;
        }

        public YamlSequenceNode Conditions(YamlMappingNode root, bool v31)
        {
            var example = v31 ? "conditions: [{from: {match: env=gray}, to: [{match: env=gray}]}]" : $"conditions: [\"{RuleExample}\"]";
            var node = Child(root, "conditions");
            return node switch
            {
                null => throw Fail($"the document has no conditions; add them, e.g. {example}"),
                YamlSequenceNode { Children.Count: > 0 } list => list,
                YamlSequenceNode => throw Fail($"conditions is an empty list ({At(node)}); add at least one, e.g. {example}"),
                _ => throw Fail($"conditions must be a list, not {Kind(node)} ({At(node)}); e.g. {example}"),
            };
        }

        /// <summary>A v3.0 condition: one rule string.</summary>
        public ConditionRouter Condition(YamlNode node, int index, bool force, RouteConsumer consumer, ILogger? logger)
        {
            if (node is not YamlScalarNode { Value: { } text } || IsNull(node))
            {
                var hint = node is YamlMappingNode mapping && (Child(mapping, "from") is not null || Child(mapping, "to") is not null)
                    ? "; from/to conditions need configVersion: v3.1"
                    : "";
                throw Fail($"conditions[{index}] must be a rule string such as \"{RuleExample}\", not {Kind(node)} ({At(node)}){hint}");
            }

            try
            {
                return new ConditionRouter(ConditionRule.Parse(text, force), consumer, key, enabled: true, logger);
            }
            catch (ConditionRuleException e)
            {
                throw Fail($"conditions[{index}] ({At(node)}) does not parse: {e.Message}", e);
            }
        }

        /// <summary>A v3.1 condition: <c>from: {match}</c> and <c>to: [{match, weight}]</c>.</summary>
        public MultiDestinationConditionRouter MultiDestination(
            YamlNode node, int index, bool force, RouteConsumer consumer, Func<int, int>? next, ILogger? logger)
        {
            var where = $"conditions[{index}]";
            if (node is not YamlMappingNode condition)
            {
                throw Fail($"{where} must be a mapping with from and to ({At(node)}), e.g. {{from: {{match: \"env=gray\"}}, to: [{{match: \"env=gray\"}}]}}, not {Kind(node)}");
            }

            CheckKeys(condition, ConditionKeys, where);
            var fromNode = Child(condition, "from");
            var toNode = Child(condition, "to");
            if (fromNode is null && toNode is null)
            {
                throw Fail($"{where} has neither from nor to ({At(node)}); Dubbo would switch every call off. Write from: {{match: …}} for the consumers and to: [{{match: …}}] for their providers");
            }

            var fromText = "";
            if (fromNode is not null)
            {
                if (fromNode is not YamlMappingNode from)
                {
                    throw Fail($"{where}.from must be a mapping such as {{match: \"env=gray\"}}, not {Kind(fromNode)} ({At(fromNode)})");
                }

                CheckKeys(from, FromKeys, where + ".from");
                fromText = Text(from, "match") ?? "";
            }

            var fromCondition = ParseMatch(fromText, ConditionPart.When, where + ".from.match", fromNode);
            var destinations = Destinations(toNode, where);
            return new MultiDestinationConditionRouter(fromText, fromCondition!, destinations, force, consumer, key, enabled: true, next, logger);
        }

        private List<ConditionDestination> Destinations(YamlNode? toNode, string where)
        {
            var destinations = new List<ConditionDestination>();
            if (toNode is null || IsNull(toNode))
            {
                // from without to: matching calls get no provider (traffic switched off), as in Dubbo.
                return destinations;
            }

            if (toNode is not YamlSequenceNode list)
            {
                throw Fail($"{where}.to must be a list such as [{{match: \"env=gray\", weight: 100}}], not {Kind(toNode)} ({At(toNode)})");
            }

            for (var j = 0; j < list.Children.Count; j++)
            {
                var entryWhere = $"{where}.to[{j}]";
                if (list.Children[j] is not YamlMappingNode entry)
                {
                    throw Fail($"{entryWhere} must be a mapping such as {{match: \"env=gray\", weight: 100}}, not {Kind(list.Children[j])} ({At(list.Children[j])})");
                }

                CheckKeys(entry, DestinationKeys, entryWhere);
                var match = Text(entry, "match") ?? "";
                if (match.Trim() == "false")
                {
                    throw Fail($"{entryWhere}.match is false ({At(entry)}); in a v3.1 rule Dubbo reads it as every provider, the opposite of v3.0's \"=> false\". Leave out to to switch the matching calls off, or leave the match blank to allow every provider");
                }

                var weight = Integer(entry, "weight") ?? DefaultWeight;
                if (weight < 1 || weight > MaxWeight)
                {
                    throw Fail($"{entryWhere}.weight is {weight} ({At(entry)}); write a whole number from 1 to {MaxWeight} (Dubbo reads 0 or less as 100; remove the destination to send it nothing)");
                }

                destinations.Add(new ConditionDestination(match, ParseMatch(match, ConditionPart.Then, entryWhere + ".match", entry), weight));
            }

            return destinations;
        }

        /// <summary>
        /// One side of a rule on its own. The parser reads whole rules, so the condition is wrapped into one
        /// (<c>text =&gt;</c> for a consumer side, <c>=&gt; text</c> for a provider side) and error columns are given
        /// back relative to the text as written. Returns null for a provider side that selects every provider.
        /// </summary>
        private ConditionSyntax? ParseMatch(string text, ConditionPart part, string where, YamlNode? node)
        {
            var arrow = text.IndexOf("=>", StringComparison.Ordinal);
            if (arrow >= 0)
            {
                var error = new ConditionRuleException(text, arrow + 1, "a match is one condition; \"=>\" belongs to v3.0 rule strings (from is the part before it, to the part after)");
                throw Fail($"{where} ({At(node)}) does not parse: {error.Message}", error);
            }

            const string Prefix = "=> ";
            var rule = part == ConditionPart.When ? text + " =>" : Prefix + text;
            var offset = part == ConditionPart.When ? 0 : Prefix.Length;
            var result = ConditionRuleParser.Parse(rule);
            if (result.Error is { } syntax)
            {
                var error = new ConditionRuleException(text, Math.Max(1, syntax.Column - offset), syntax.Message);
                throw Fail($"{where} ({At(node)}) does not parse: {error.Message}", error);
            }

            return part == ConditionPart.When ? result.Rule!.When : result.Rule!.Then;
        }

        private static YamlNode? Child(YamlMappingNode mapping, string name)
            => mapping.Children.TryGetValue(new YamlScalarNode(name), out var value) && !IsNull(value) ? value : null;

        /// <summary>A scalar child's text; null when the key is absent or its value is YAML null.</summary>
        private YamlNode? Scalar(YamlMappingNode mapping, string name, out string? text)
        {
            text = null;
            var node = Child(mapping, name);
            if (node is null)
            {
                return null;
            }

            if (node is not YamlScalarNode scalar)
            {
                throw Fail($"{name} must be a single value, not {Kind(node)} ({At(node)})");
            }

            text = scalar.Value;
            return node;
        }

        private static bool IsNull(YamlNode node)
            => node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any, Value: null or "" or "~" or "null" or "Null" or "NULL" };

        private static string Kind(YamlNode node) => node switch
        {
            YamlMappingNode => "a mapping",
            YamlSequenceNode => "a list",
            _ when IsNull(node) => "an empty value",
            _ => "a single value",
        };

        private static string At(YamlNode? node)
            => node is null ? "in the document" : "line " + node.Start.Line.ToString(CultureInfo.InvariantCulture);

        private static bool TryParseVersion(string text, out int major, out int minor)
        {
            major = 0;
            minor = 0;
            var version = text.Trim();
            if (version.StartsWith('v') || version.StartsWith('V'))
            {
                version = version[1..];
            }

            var parts = version.Split('.');
            if (parts.Length > 3 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out major))
            {
                return false;
            }

            for (var i = 1; i < parts.Length; i++)
            {
                if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out var part))
                {
                    return false;
                }

                if (i == 1)
                {
                    minor = part;
                }
            }

            return true;
        }

        private RoutingRuleException Fail(string reason, Exception? inner = null) => new(key, reason, inner);
    }
}
