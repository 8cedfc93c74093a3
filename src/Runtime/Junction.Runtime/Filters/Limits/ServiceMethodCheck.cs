using Junction.Contracts;
using Junction.Hosting;

namespace Junction.Filters.Limits;

/// <summary>
/// Export-time check of <see cref="ServiceOptions.Methods"/>: every key must name a method of the contract (by its
/// contract or C# name), as for a reference's methods; a misspelt name would otherwise leave the method unlimited.
/// </summary>
internal static class ServiceMethodCheck
{
    public static void Validate(ServiceDescriptor service, ServiceOptions options)
    {
        foreach (var (name, settings) in options.Methods)
        {
            if (service.FindMethod(name) is null && !HasClrName(service, name))
            {
                var methods = new List<string>(service.Methods.Count);
                foreach (var method in service.Methods)
                {
                    methods.Add(method.Name);
                }

                throw new InvalidOperationException(
                    $"The export of {service.ServiceKey} configures method '{name}', which the contract does not have; its methods are {string.Join(", ", methods)}.");
            }

            if (settings is null)
            {
                throw new InvalidOperationException($"The export of {service.ServiceKey} method {name} has no settings (null); remove the entry or give it a ServiceMethodOptions.");
            }
        }
    }

    private static bool HasClrName(ServiceDescriptor service, string name)
    {
        foreach (var method in service.Methods)
        {
            if (method.ClrName == name)
            {
                return true;
            }
        }

        return false;
    }
}
