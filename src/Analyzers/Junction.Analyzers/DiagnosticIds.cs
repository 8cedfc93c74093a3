namespace Junction.Analyzers;

/// <summary>Diagnostic ids, shared with the code fixes. Documented in docs/diagnostics.md.</summary>
internal static class DiagnosticIds
{
    public const string ServiceNotInterface = "JRPC0001";
    public const string UnsupportedReturnType = "JRPC0002";
    public const string ByRefParameter = "JRPC0003";
    public const string CancellationTokenPosition = "JRPC0004";
    public const string UnserializableType = "JRPC0005";
    public const string DuplicateWireName = "JRPC0006";
    public const string InvalidServiceText = "JRPC0007";
    public const string UnknownProtocol = "JRPC0008";
    public const string InvalidFieldNumber = "JRPC0009";
    public const string DuplicateFieldNumber = "JRPC0010";
    public const string GenericContract = "JRPC0011";
    public const string NonMethodMember = "JRPC0012";
    public const string MessageNotConstructible = "JRPC0013";
    public const string RetriesWithoutIdempotent = "JRPC0014";
    public const string NonPositiveTimeout = "JRPC0015";
    public const string HashArgumentOutOfRange = "JRPC0016";
    public const string InvalidRoutingRule = "JRPC0017";
    public const string ImplicitFieldNumbers = "JRPC0018";
    public const string BreakingContractChange = "JRPC0019";
    public const string InvalidContractLock = "JRPC0020";
}
