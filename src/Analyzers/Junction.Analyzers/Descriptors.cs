using Microsoft.CodeAnalysis;

namespace Junction.Analyzers;

/// <summary>Every diagnostic Junction reports: one catalog, one help link per id (docs/diagnostics.md).</summary>
internal static class Descriptors
{
    public const string ContractsCategory = "Junction.Contracts";
    public const string SerializationCategory = "Junction.Serialization";
    public const string RoutingCategory = "Junction.Routing";
    public const string CompatibilityCategory = "Junction.Compatibility";

    /// <summary>Where each id is explained, with a bad and a fixed example.</summary>
    public const string HelpLinkBase = "docs/diagnostics.md#";

    public static readonly DiagnosticDescriptor ServiceNotInterface = Create(
        DiagnosticIds.ServiceNotInterface, ContractsCategory, DiagnosticSeverity.Error,
        "[RpcService] belongs on an interface",
        "'{0}' is not an interface; declare the service contract as an interface and implement it in a class");

    public static readonly DiagnosticDescriptor UnsupportedReturnType = Create(
        DiagnosticIds.UnsupportedReturnType, ContractsCategory, DiagnosticSeverity.Error,
        "Contract methods return Task, Task<T>, ValueTask or ValueTask<T>",
        "'{0}' returns '{1}'; return Task, Task<T>, ValueTask or ValueTask<T> (a remote call is asynchronous)");

    public static readonly DiagnosticDescriptor ByRefParameter = Create(
        DiagnosticIds.ByRefParameter, ContractsCategory, DiagnosticSeverity.Error,
        "Contract parameters are passed by value",
        "Parameter '{0}' of '{1}' is {2}; remove the modifier (a remote call cannot write back to the caller's variables)");

    public static readonly DiagnosticDescriptor CancellationTokenPosition = Create(
        DiagnosticIds.CancellationTokenPosition, ContractsCategory, DiagnosticSeverity.Error,
        "The CancellationToken comes last, once",
        "'{0}': {1}; a contract method takes at most one CancellationToken, as its last parameter");

    public static readonly DiagnosticDescriptor UnserializableType = Create(
        DiagnosticIds.UnserializableType, SerializationCategory, DiagnosticSeverity.Error,
        "A type in the contract cannot be serialized",
        "'{0}': {1}");

    public static readonly DiagnosticDescriptor DuplicateWireName = Create(
        DiagnosticIds.DuplicateWireName, ContractsCategory, DiagnosticSeverity.Error,
        "Two methods share a wire name",
        "'{0}' and '{1}' of '{2}' are both called '{3}' on the wire; give one of them [RpcMethod(Name = \"...\")]");

    public static readonly DiagnosticDescriptor InvalidServiceText = Create(
        DiagnosticIds.InvalidServiceText, ContractsCategory, DiagnosticSeverity.Error,
        "Invalid Version, Group or Name",
        "{0} \"{1}\" of '{2}' is not valid: {3}");

    public static readonly DiagnosticDescriptor UnknownProtocol = Create(
        DiagnosticIds.UnknownProtocol, ContractsCategory, DiagnosticSeverity.Error,
        "Unknown protocol",
        "'{0}' lists protocol \"{1}\"; use tcp, grpc or inproc");

    public static readonly DiagnosticDescriptor InvalidFieldNumber = Create(
        DiagnosticIds.InvalidFieldNumber, SerializationCategory, DiagnosticSeverity.Error,
        "Invalid field number",
        "Field number {0} of '{1}' is {2}; use a number from 1 to 536870911 outside 19000-19999");

    public static readonly DiagnosticDescriptor DuplicateFieldNumber = Create(
        DiagnosticIds.DuplicateFieldNumber, SerializationCategory, DiagnosticSeverity.Error,
        "Two members share a field number",
        "'{0}' and '{1}' of '{2}' both have field number {3}; give each member its own [RpcField(N)]");

    public static readonly DiagnosticDescriptor GenericContract = Create(
        DiagnosticIds.GenericContract, ContractsCategory, DiagnosticSeverity.Error,
        "Contracts and their methods cannot be generic",
        "'{0}' is generic; the wire needs concrete types, so declare one non-generic method or contract per type");

    public static readonly DiagnosticDescriptor NonMethodMember = Create(
        DiagnosticIds.NonMethodMember, ContractsCategory, DiagnosticSeverity.Error,
        "Contracts declare only methods",
        "'{0}' is a {1}; contracts can only declare methods, so turn it into a method that returns Task<T>");

    public static readonly DiagnosticDescriptor MessageNotConstructible = Create(
        DiagnosticIds.MessageNotConstructible, SerializationCategory, DiagnosticSeverity.Error,
        "The serializer cannot construct the message",
        "'{0}' cannot be constructed by the serializer: {1}");

    public static readonly DiagnosticDescriptor RetriesWithoutIdempotent = Create(
        DiagnosticIds.RetriesWithoutIdempotent, ContractsCategory, DiagnosticSeverity.Warning,
        "Retries on a method not marked idempotent",
        "'{0}' retries {1} time(s) but is not marked Idempotent; a retried write can run twice, so set Idempotent = true if repeating it is safe, else Retries = 0");

    public static readonly DiagnosticDescriptor NonPositiveTimeout = Create(
        DiagnosticIds.NonPositiveTimeout, ContractsCategory, DiagnosticSeverity.Error,
        "Timeouts are positive",
        "'{0}' sets TimeoutMs = {1}; use a positive number of milliseconds, or leave it out for the consumer's default");

    public static readonly DiagnosticDescriptor HashArgumentOutOfRange = Create(
        DiagnosticIds.HashArgumentOutOfRange, ContractsCategory, DiagnosticSeverity.Error,
        "Consistent-hash argument index out of range",
        "'{0}' hashes on argument {1}, but it has {2} argument(s) (numbered from 0, the CancellationToken not counted)");

    public static readonly DiagnosticDescriptor InvalidRoutingRule = Create(
        DiagnosticIds.InvalidRoutingRule, RoutingCategory, DiagnosticSeverity.Error,
        "The routing rule does not parse",
        "The condition rule does not parse at column {0}: {1}");

    public static readonly DiagnosticDescriptor ImplicitFieldNumbers = Create(
        DiagnosticIds.ImplicitFieldNumbers, SerializationCategory, DiagnosticSeverity.Info,
        "Field numbers follow declaration order",
        "'{0}' takes its field numbers from declaration order; write them out with [RpcField(N)] before publishing, so reordering members cannot break peers");

    public static readonly DiagnosticDescriptor BreakingContractChange = Create(
        DiagnosticIds.BreakingContractChange, CompatibilityCategory, DiagnosticSeverity.Error,
        "Breaking change to a published contract",
        "'{0}' {1} since junction.contracts.json was locked at version {2}; restore it, or raise the major Version and run 'dotnet junction contracts lock'");

    public static readonly DiagnosticDescriptor InvalidContractLock = Create(
        DiagnosticIds.InvalidContractLock, CompatibilityCategory, DiagnosticSeverity.Error,
        "junction.contracts.json cannot be read",
        "junction.contracts.json cannot be read: {0}; fix it or recreate it with 'dotnet junction contracts lock'");

    private static DiagnosticDescriptor Create(string id, string category, DiagnosticSeverity severity, string title, string message)
        => new(id, title, message, category, severity, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + id.ToLowerInvariant());
}
