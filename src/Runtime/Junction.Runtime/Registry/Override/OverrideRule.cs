namespace Junction.Registry.Override;

/// <summary>One override document, parsed: its items in the order written (a later item overrides an earlier one).</summary>
internal sealed class OverrideRule
{
    /// <summary>The config key the document was stored under, e.g. <c>com.foo.BarService:1.0:.configurators</c>.</summary>
    public required string Key { get; init; }

    /// <summary><c>enabled: false</c> turns the whole rule off (its items are not even checked).</summary>
    public bool Enabled { get; init; } = true;

    /// <summary><c>scope: application</c> (the key is an application) or service (the key is a service key).</summary>
    public bool ApplicationScope { get; init; }

    /// <summary>The document's <c>key</c>: the application or the service key it is for.</summary>
    public string Target { get; init; } = "";

    public IReadOnlyList<OverrideItem> Items { get; init; } = [];

    /// <summary>Things that are legal but do nothing here (parameters Junction does not apply, fields the scope ignores).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}
