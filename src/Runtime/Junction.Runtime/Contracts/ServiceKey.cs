namespace Junction.Contracts;

/// <summary>Builds Dubbo's service key, <c>{group}/{interface}:{version}</c>, leaving out the empty parts.</summary>
public static class ServiceKey
{
    /// <summary>Returns the service key of an interface name, group and version.</summary>
    public static string Create(string interfaceName, string? group, string? version)
    {
        ArgumentException.ThrowIfNullOrEmpty(interfaceName);
        var key = interfaceName;
        if (!string.IsNullOrEmpty(group))
        {
            key = group + "/" + key;
        }

        if (!string.IsNullOrEmpty(version))
        {
            key = key + ":" + version;
        }

        return key;
    }
}
