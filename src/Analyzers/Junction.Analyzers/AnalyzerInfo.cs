namespace Junction.Analyzers;

/// <summary>Shared constants of the Junction analyzers (diagnostic descriptors are added with the analyzers).</summary>
internal static class AnalyzerInfo
{
    public const string HelpLinkBase = "https://github.com/junction-rpc/junction/blob/main/docs/diagnostics.md#";
}
