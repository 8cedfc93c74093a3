using System.Collections;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using Junction.Generators.Parser;

namespace Junction.Cli.Contracts;

/// <summary>
/// Reads the contract manifests the generator compiled into an assembly. The assembly is loaded into a collectible
/// load context together with its own Junction.Runtime and dependencies (from its folder), its module initializer
/// runs the generated registrations, and the registered descriptors are read by reflection: the tool never shares
/// runtime types with the assembly, so any Junction version that emits manifests can be locked.
/// </summary>
internal static class ContractAssemblyLoader
{
    private const string RuntimeAssembly = "Junction.Runtime";
    private const string RegistryType = "Junction.Contracts.ContractRegistry";

    public static IReadOnlyList<ManifestContract> ReadContracts(string assemblyPath)
    {
        var fullPath = Path.GetFullPath(assemblyPath);
        if (!File.Exists(fullPath))
        {
            throw new LockException($"{fullPath} does not exist; build the contracts project first, or pass --project to build it.");
        }

        var context = new ContractLoadContext(fullPath);
        try
        {
            return Read(context, fullPath);
        }
        finally
        {
            context.Unload();
        }
    }

    private static List<ManifestContract> Read(ContractLoadContext context, string fullPath)
    {
        Assembly assembly;
        try
        {
            assembly = context.LoadFromAssemblyPath(fullPath);
        }
        catch (BadImageFormatException)
        {
            throw new LockException($"{fullPath} is not a .NET assembly.");
        }

        var name = assembly.GetName().Name;
        var runtimeName = name == RuntimeAssembly ? assembly.GetName() : assembly.GetReferencedAssemblies().FirstOrDefault(r => r.Name == RuntimeAssembly);
        if (runtimeName is null)
        {
            throw new LockException($"{name} does not reference {RuntimeAssembly}, so it declares no Junction contracts.");
        }

        // Resolved here rather than by name: the tool carries a Junction.Runtime of its own (for 'junction route'), and a
        // name the context cannot resolve falls back to the tool's copy, which has a different registry and maybe version.
        var runtimePath = name == RuntimeAssembly ? fullPath : context.Resolve(runtimeName);
        if (runtimePath is null)
        {
            throw new LockException($"{RuntimeAssembly}.dll is not next to {name}.dll; lock the assembly in its build output folder, where its dependencies are.");
        }

        var runtime = name == RuntimeAssembly ? assembly : context.LoadFromAssemblyPath(runtimePath);

        // The generated [ModuleInitializer] registers each contract's descriptor with the registry.
        RuntimeHelpers.RunModuleConstructor(assembly.ManifestModule.ModuleHandle);

        var registry = runtime.GetType(RegistryType, throwOnError: true)!;
        var all = (IEnumerable)registry.GetProperty("All", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
        var contracts = new List<ManifestContract>();
        foreach (var descriptor in all)
        {
            var type = descriptor.GetType();
            var contractType = (Type)type.GetProperty("ContractType")!.GetValue(descriptor)!;
            if (contractType.Assembly != assembly)
            {
                continue;
            }

            var manifestProperty = type.GetProperty("ContractManifest");
            var json = manifestProperty?.GetValue(descriptor) as string;
            if (string.IsNullOrEmpty(json))
            {
                throw new LockException(
                    $"{contractType.FullName} in {name} carries no contract manifest: it was built with a Junction generator older than this tool. " +
                    "Update the Junction packages of the project and rebuild it.");
            }

            ContractManifest manifest;
            try
            {
                manifest = ContractManifest.Parse(json);
            }
            catch (ManifestFormatException exception)
            {
                throw new LockException($"The manifest compiled into {name} for {contractType.FullName} cannot be read ({exception.Message}); this tool and the Junction generator that built it disagree on the format.");
            }

            contracts.AddRange(manifest.Contracts);
        }

        if (contracts.Count == 0)
        {
            throw new LockException($"{name} declares no Junction contracts: mark the service interfaces [RpcService] and build with the Junction generator.");
        }

        return contracts;
    }

    /// <summary>The names of the shared-framework assemblies the tool runs on (Microsoft.NETCore.App, Microsoft.AspNetCore.App).</summary>
    private static readonly HashSet<string> SharedFramework = FindSharedFramework();

    private static HashSet<string> FindSharedFramework()
    {
        // .../shared/Microsoft.NETCore.App/10.0.x/System.Private.CoreLib.dll → .../shared
        var shared = Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(typeof(object).Assembly.Location)))!;
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var path in ((AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string) ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            if (path.StartsWith(shared + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                names.Add(Path.GetFileNameWithoutExtension(path));
            }
        }

        return names;
    }

    /// <summary>Resolves the assembly's dependencies from its deps.json and its folder; the framework from the tool's own.</summary>
    private sealed class ContractLoadContext : AssemblyLoadContext
    {
        private readonly AssemblyDependencyResolver _resolver;
        private readonly string _folder;

        public ContractLoadContext(string assemblyPath)
            : base("Junction.Cli contracts: " + Path.GetFileName(assemblyPath), isCollectible: true)
        {
            _resolver = new AssemblyDependencyResolver(assemblyPath);
            _folder = Path.GetDirectoryName(assemblyPath)!;
        }

        protected override Assembly? Load(AssemblyName assemblyName)
        {
            // Framework assemblies are shared with the tool (a self-contained output folder may carry copies).
            if (assemblyName.Name is null || SharedFramework.Contains(assemblyName.Name))
            {
                return null;
            }

            var path = Resolve(assemblyName);
            return path is null ? null : LoadFromAssemblyPath(path);
        }

        /// <summary>The path of a dependency in the assembly's deps.json or folder; null when it has none.</summary>
        public string? Resolve(AssemblyName assemblyName)
        {
            var path = _resolver.ResolveAssemblyToPath(assemblyName);
            if (path is null && assemblyName.Name is not null)
            {
                var candidate = Path.Combine(_folder, assemblyName.Name + ".dll");
                path = File.Exists(candidate) ? candidate : null;
            }

            return path;
        }

        protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
        {
            var path = _resolver.ResolveUnmanagedDllToPath(unmanagedDllName);
            return path is null ? IntPtr.Zero : LoadUnmanagedDllFromPath(path);
        }
    }
}
