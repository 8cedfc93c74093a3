using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Junction.Generators.Emit;
using Junction.Generators.Model;
using Junction.Generators.Parser;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Junction.Generators;

/// <summary>Step names for incremental-cacheability tests.</summary>
internal static class StepNames
{
    public const string Services = "Junction.Services";
    public const string Messages = "Junction.Messages";
    public const string AllMessages = "Junction.AllMessages";
}

/// <summary>
/// For every <c>[RpcService]</c> interface: descriptor, client proxy, dispatcher and synthesized messages; for every
/// message reachable from a contract or marked <c>[RpcMessage]</c>: one serializer, emitted once per assembly.
/// Invalid shapes are skipped without output; the analyzers in the same package report them (GENERATORS.md rule 6).
/// Parsing happens in the transforms; everything downstream is value-equatable models, so unrelated edits are cached.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class JunctionGenerator : IIncrementalGenerator
{
    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var services = context.SyntaxProvider.ForAttributeWithMetadataName(
                KnownNames.RpcServiceAttribute,
                static (node, _) => node is InterfaceDeclarationSyntax,
                static (ctx, ct) => ContractParser.ParseService((INamedTypeSymbol)ctx.TargetSymbol, ctx.Attributes[0], ctx.SemanticModel.Compilation.AssemblyName, ct))
            .WithTrackingName(StepNames.Services);

        var declaredMessages = context.SyntaxProvider.ForAttributeWithMetadataName(
                KnownNames.RpcMessageAttribute,
                static (node, _) => node is ClassDeclarationSyntax or RecordDeclarationSyntax,
                static (ctx, ct) => ContractParser.ParseMessages((INamedTypeSymbol)ctx.TargetSymbol, ctx.SemanticModel.Compilation.AssemblyName, ct).ToEquatableArray())
            .WithTrackingName(StepNames.Messages);

        context.RegisterSourceOutput(services, static (spc, service) =>
        {
            // A contract the analyzers reject gets no code: their diagnostic says what is wrong, once, where it is.
            if (!IsValid(service))
            {
                return;
            }

            var hint = Naming.ToIdentifier(service.InterfaceType.Replace("global::", ""));
            spc.AddSource(hint + ".Descriptor.g.cs", ContractEmitter.Descriptor(service, ProtoEmitter.Emit(service)));
            spc.AddSource(hint + ".Client.g.cs", ContractEmitter.Client(service));
            spc.AddSource(hint + ".Dispatcher.g.cs", ContractEmitter.Dispatcher(service));
            if (service.Synthesized.Count > 0)
            {
                spc.AddSource(hint + ".Messages.g.cs", ContractEmitter.Messages(service));
            }
        });

        // Each message once per assembly, whether declared here, reached from a contract, or both.
        var fromServices = services.SelectMany(static (s, _) => s.Messages.Select(m => (Message: m, s.GeneratedNamespace)));
        var fromDeclarations = declaredMessages.SelectMany(static (list, _) => list.Select(m => (Message: m, GeneratedNamespace: "")));
        var allMessages = fromServices.Collect()
            .Combine(fromDeclarations.Collect())
            .Combine(context.CompilationProvider.Select(static (c, _) => ContractParser.GeneratedNamespaceFor(c.AssemblyName)))
            .SelectMany(static (input, _) => Distinct(input.Left.Left.Select(x => x.Message).Concat(input.Left.Right.Select(x => x.Message)), input.Right))
            .WithTrackingName(StepNames.AllMessages);

        context.RegisterSourceOutput(allMessages, static (spc, item) =>
        {
            if (item.Message.Error is null)
            {
                spc.AddSource(Naming.ToIdentifier(item.Message.DisplayName) + ".Serializer.g.cs", SerializerEmitter.EmitFile(item.Message, item.Namespace));
            }
        });
    }

    private static bool IsValid(ServiceModel service)
    {
        if (service.Errors.Count > 0)
        {
            return false;
        }

        foreach (var message in service.Messages)
        {
            if (message.Error is not null)
            {
                return false;
            }
        }

        return true;
    }

    private static ImmutableArray<MessageOutput> Distinct(IEnumerable<MessageModel> messages, string generatedNamespace)
    {
        var seen = new HashSet<string>();
        var result = ImmutableArray.CreateBuilder<MessageOutput>();
        foreach (var message in messages)
        {
            if (seen.Add(message.TypeName))
            {
                result.Add(new MessageOutput(message, generatedNamespace));
            }
        }

        return result.ToImmutable();
    }

    private sealed record MessageOutput(MessageModel Message, string Namespace);
}
