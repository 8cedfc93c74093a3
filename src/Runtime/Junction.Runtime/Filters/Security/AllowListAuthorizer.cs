using System.Collections.Frozen;
using Junction.Contracts;
using Junction.Hosting;

namespace Junction.Filters.Security;

/// <summary>
/// The built-in <see cref="IAuthorizer"/>: <see cref="SecurityOptions.AllowList"/> resolved for one exported service
/// when it is exported, so a call costs one dictionary lookup and an array read.
/// </summary>
/// <remarks>
/// Entries name the interface (<c>com.foo.BarService</c>, every group and version of it), one method of it by its
/// wire or C# name (<c>com.foo.BarService/Find</c>), or <c>*</c>. An identity not listed may call everything (Dubbo
/// has no allow list; leaving keys unlisted keeps signing-only setups working); an empty list allows nothing.
/// </remarks>
internal sealed class AllowListAuthorizer : IAuthorizer
{
    private static readonly ValueTask<bool> Allowed = new(true);
    private static readonly ValueTask<bool> Denied = new(false);

    private readonly ServiceDescriptor _service;
    private readonly FrozenDictionary<string, bool[]> _byIdentity;

    public AllowListAuthorizer(ServiceDescriptor service, IDictionary<string, IList<string>> allowList)
    {
        _service = service;
        var byIdentity = new Dictionary<string, bool[]>(allowList.Count, StringComparer.Ordinal);
        foreach (var (identity, entries) in allowList)
        {
            var methods = new bool[service.Methods.Count];
            foreach (var entry in entries)
            {
                Allow(methods, identity, entry.Trim());
            }

            byIdentity.Add(identity, methods);
        }

        _byIdentity = byIdentity.ToFrozenDictionary(StringComparer.Ordinal);
    }

    public ValueTask<bool> IsAllowedAsync(string identity, Invocation.Invocation invocation)
    {
        if (!_byIdentity.TryGetValue(identity, out var methods))
        {
            return Allowed;
        }

        return ReferenceEquals(invocation.Service, _service) && methods[invocation.Method.Index] ? Allowed : Denied;
    }

    /// <summary>Marks the methods of this service that <paramref name="entry"/> allows; a typo in a method of it fails the export.</summary>
    private void Allow(bool[] methods, string identity, string entry)
    {
        var slash = entry.IndexOf('/', StringComparison.Ordinal);
        var service = slash < 0 ? entry : entry[..slash];
        if (entry == "*" || (slash < 0 && service == _service.InterfaceName))
        {
            methods.AsSpan().Fill(true);
            return;
        }

        if (slash < 0 || service != _service.InterfaceName)
        {
            return;
        }

        var name = entry[(slash + 1)..];
        foreach (var method in _service.Methods)
        {
            if (method.Name == name || method.ClrName == name)
            {
                methods[method.Index] = true;
                return;
            }
        }

        throw new InvalidOperationException(
            $"JunctionOptions.Security.AllowList[\"{identity}\"] allows '{entry}', but {_service.InterfaceName} has no method {name} " +
            $"(it has {string.Join(", ", _service.Methods.Select(m => m.Name))}); use one of those names.");
    }
}
