using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using Junction.Generators.Model;
using Junction.Generators.Parser;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Junction.Analyzers.Compatibility;

/// <summary>
/// Compares every <c>[RpcService]</c> contract recorded in junction.contracts.json (an AdditionalFiles item) with the
/// contract as compiled now, and reports each change that breaks peers built against the recorded one: a removed
/// method, a method whose request or response message changed, a removed, renumbered or repurposed field. Raising
/// the major Version makes every change allowed. Without the file it does nothing.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ContractCompatibilityAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        Descriptors.BreakingContractChange,
        Descriptors.InvalidContractLock);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var serviceAttribute = start.Compilation.GetTypeByMetadataName(KnownNames.RpcServiceAttribute);
            if (serviceAttribute is null)
            {
                return;
            }

            var file = start.Options.AdditionalFiles.FirstOrDefault(f => string.Equals(Path.GetFileName(f.Path), ContractManifest.FileName, StringComparison.OrdinalIgnoreCase));
            if (file is null)
            {
                return;
            }

            var lockFile = LockFile.Read(file, start.CancellationToken);
            start.RegisterSymbolAction(c => AnalyzeType(c, serviceAttribute, lockFile), SymbolKind.NamedType);
        });
    }

    private static void AnalyzeType(SymbolAnalysisContext context, INamedTypeSymbol serviceAttribute, LockFile lockFile)
    {
        var contract = (INamedTypeSymbol)context.Symbol;
        if (contract.TypeKind != TypeKind.Interface)
        {
            return;
        }

        var attribute = contract.GetAttributes().FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, serviceAttribute));
        if (attribute is null)
        {
            return;
        }

        if (lockFile.Manifest is null)
        {
            // Reported once, from whichever contract is analyzed first: a symbol action rather than a compilation-end
            // action, so the IDE shows it as the file is edited instead of only on a full build.
            if (lockFile.TryClaimError())
            {
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.InvalidContractLock, Location.None, lockFile.Error));
            }

            return;
        }

        var model = ContractParser.ParseService(contract, attribute, context.Compilation.AssemblyName, context.CancellationToken);

        // A contract that does not compile into a model (reported by the contract analyzer) would read as removed methods.
        if (model.Errors.Count > 0)
        {
            return;
        }

        var locked = lockFile.Manifest.Find(model.InterfaceName, model.Group);
        if (locked is null)
        {
            return;
        }

        var changes = ContractCompatibility.Compare(locked, ContractManifest.Build(model));
        if (changes.Count == 0)
        {
            return;
        }

        var locator = new Locator(contract, model, context.Compilation);
        var version = locked.Version.Length == 0 ? "(none)" : locked.Version;
        foreach (var change in changes)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.BreakingContractChange, locator.Find(change), change.Subject, change.Description, version));
        }
    }

    /// <summary>The parsed lock file, or why it could not be read; read once per compilation.</summary>
    private sealed class LockFile
    {
        private int _errorClaimed;

        private LockFile(ContractManifest? manifest, string error)
        {
            Manifest = manifest;
            Error = error;
        }

        public ContractManifest? Manifest { get; }

        public string Error { get; }

        public static LockFile Read(AdditionalText file, CancellationToken cancellationToken)
        {
            var text = file.GetText(cancellationToken);
            if (text is null)
            {
                return new LockFile(null, "the compiler could not read " + file.Path);
            }

            try
            {
                return new LockFile(ContractManifest.Parse(text.ToString()), "");
            }
            catch (ManifestFormatException exception)
            {
                return new LockFile(null, exception.Message);
            }
        }

        public bool TryClaimError() => Interlocked.Exchange(ref _errorClaimed, 1) == 0;
    }

    /// <summary>
    /// Finds the most precise place for a change: the field's member or parameter when it still exists, else the
    /// method or the message type, else the contract's name.
    /// </summary>
    private sealed class Locator
    {
        private readonly INamedTypeSymbol _contract;
        private readonly ServiceModel _model;
        private readonly Compilation _compilation;
        private readonly Dictionary<string, MessageModel> _messagesByName = new(StringComparer.Ordinal);

        public Locator(INamedTypeSymbol contract, ServiceModel model, Compilation compilation)
        {
            _contract = contract;
            _model = model;
            _compilation = compilation;
            var names = ContractManifest.MessageNames(model);
            foreach (var message in model.Messages.Concat(model.Synthesized))
            {
                _messagesByName[names[message.TypeName]] = message;
            }
        }

        public Location Find(BreakingChange change)
        {
            var fallback = _contract.Locations.FirstOrDefault(l => l.IsInSource) ?? Location.None;
            switch (change.Kind)
            {
                case BreakingChangeKind.RequestChanged or BreakingChangeKind.ResponseChanged:
                    return InSource(MethodByWireName(change.Method!)) ?? fallback;
                case BreakingChangeKind.FieldRemoved or BreakingChangeKind.FieldRenumbered or BreakingChangeKind.FieldReused:
                    return FieldLocation(change) ?? fallback;
                default:
                    return fallback;
            }
        }

        private Location? FieldLocation(BreakingChange change)
        {
            if (!_messagesByName.TryGetValue(change.Message!, out var message))
            {
                return null;
            }

            var field = change.CurrentField is null ? null : message.Fields.FirstOrDefault(f => f.ProtoName == change.CurrentField);
            var member = field?.Member.TrimStart('@');
            var request = _model.Methods.FirstOrDefault(m => m.Request == PayloadKind.Synthesized && m.RequestType == message.TypeName);
            if (request is not null)
            {
                var method = MethodByWireName(request.WireName);
                return InSource(method?.Parameters.FirstOrDefault(p => p.Name == member)) ?? InSource(method);
            }

            var response = _model.Methods.FirstOrDefault(m => m.Response == PayloadKind.Synthesized && m.ResponseType == message.TypeName);
            if (response is not null)
            {
                return InSource(MethodByWireName(response.WireName));
            }

            var type = MessageType(message.TypeName);
            if (type is null)
            {
                return null;
            }

            if (member is not null)
            {
                for (var t = type; t is not null; t = t.BaseType)
                {
                    var property = t.GetMembers(member).OfType<IPropertySymbol>().FirstOrDefault();
                    if (InSource(property) is { } location)
                    {
                        return location;
                    }
                }
            }

            return InSource(type);
        }

        private IMethodSymbol? MethodByWireName(string wireName)
        {
            var model = _model.Methods.FirstOrDefault(m => m.WireName == wireName);
            if (model is null)
            {
                return null;
            }

            foreach (var type in new[] { _contract }.Concat(_contract.AllInterfaces))
            {
                foreach (var method in type.GetMembers(model.ClrName).OfType<IMethodSymbol>())
                {
                    if (method.ContainingType.ToDisplayString(ShapeParser.TypeFormat) == model.DeclaringInterface)
                    {
                        return method;
                    }
                }
            }

            return null;
        }

        /// <summary>Resolves <c>global::A.B.C</c>, trying <c>A.B.C</c>, then <c>A.B+C</c>, then <c>A+B+C</c> (nested types).</summary>
        private INamedTypeSymbol? MessageType(string typeName)
        {
            var name = typeName.StartsWith("global::", StringComparison.Ordinal) ? typeName.Substring("global::".Length) : typeName;
            while (true)
            {
                var type = _compilation.GetTypeByMetadataName(name);
                if (type is not null)
                {
                    return type;
                }

                var dot = name.LastIndexOf('.');
                if (dot < 0)
                {
                    return null;
                }

                name = name.Substring(0, dot) + "+" + name.Substring(dot + 1);
            }
        }

        private static Location? InSource(ISymbol? symbol) => symbol?.Locations.FirstOrDefault(l => l.IsInSource);
    }
}
