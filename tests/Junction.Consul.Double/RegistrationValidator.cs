using System.Text.RegularExpressions;
using Junction.Consul.Tests.Double.Wire;

namespace Junction.Consul.Tests.Double;

/// <summary>
/// The checks <c>AgentRegisterService</c> makes before it touches state, with Consul's 400 texts
/// (<c>structs.ValidateServiceMetadata</c>, <c>ValidateWeights</c>, <c>CheckType.Validate</c>).
/// </summary>
internal static partial class RegistrationValidator
{
    private const int MetaMaxPairs = 64;
    private const int MetaKeyMaxLength = 128;
    private const int MetaValueMaxLength = 512;

    public static void Validate(ServiceRegistrationBody body, IReadOnlyList<CheckBody> checks)
    {
        if (string.IsNullOrEmpty(body.Name))
        {
            throw ConsulHttpError.BadRequest("Missing service name");
        }

        if (body.Address is "0.0.0.0" or "::" or "[::]")
        {
            throw ConsulHttpError.BadRequest("Invalid service address");
        }

        if (MetaError(body.Meta) is { } metaError)
        {
            throw ConsulHttpError.BadRequest($"Invalid Service Meta: {metaError}");
        }

        if (body.Weights is { } weights && WeightsError(weights) is { } weightsError)
        {
            throw ConsulHttpError.BadRequest($"Invalid Weights: {weightsError}");
        }

        foreach (var check in checks)
        {
            ValidateCheck(check);
        }

        foreach (var check in checks)
        {
            if (!string.IsNullOrEmpty(check.Status) && !HealthStatus.IsValid(check.Status))
            {
                throw ConsulHttpError.BadRequest("Status for checks must 'passing', 'warning', 'critical'");
            }
        }
    }

    public static void ValidateCheck(CheckBody check)
    {
        if (CheckError(check) is { } checkError)
        {
            throw ConsulHttpError.BadRequest($"Invalid check: {checkError}");
        }
    }

    /// <summary>The check's Consul type word (what <c>HealthCheck.Type</c> reports).</summary>
    public static string TypeOf(CheckBody check) => check switch
    {
        { TTL: { } ttl } when ttl > TimeSpan.Zero => "ttl",
        { IsScript: true, DockerContainerID.Length: > 0 } => "docker",
        { IsScript: true } => "script",
        { HTTP.Length: > 0 } => "http",
        { TCP.Length: > 0 } => "tcp",
        { UDP.Length: > 0 } => "udp",
        { GRPC.Length: > 0 } => "grpc",
        { H2PING.Length: > 0 } => "h2ping",
        { OSService.Length: > 0 } => "os_service",
        { AliasService.Length: > 0 } or { AliasNode.Length: > 0 } => "alias",
        _ => string.Empty,
    };

    private static string? MetaError(Dictionary<string, string>? meta)
    {
        if (meta is null)
        {
            return null;
        }

        if (meta.Count > MetaMaxPairs)
        {
            return $"Node metadata cannot contain more than {MetaMaxPairs} key/value pairs";
        }

        foreach (var (key, value) in meta)
        {
            var reason = key.Length == 0 ? "Key cannot be blank"
                : !MetaKey().IsMatch(key) ? "Key contains invalid characters"
                : key.Length > MetaKeyMaxLength ? $"Key is too long (limit: {MetaKeyMaxLength} characters)"
                : key.StartsWith("consul-", StringComparison.Ordinal) ? "Key prefix 'consul-' is reserved for internal use"
                : value.Length > MetaValueMaxLength ? $"Value is too long (limit: {MetaValueMaxLength} characters)"
                : null;
            if (reason is not null)
            {
                return $"Couldn't load metadata pair ('{key}', '{value}'): {reason}";
            }
        }

        return null;
    }

    private static string? WeightsError(WeightsBody weights) =>
        weights.Passing < 1 ? "Passing must be greater than 0"
        : weights.Warning < 0 ? "Warning must be greater or equal than 0"
        : weights.Passing > 65535 || weights.Warning > 65535 ? "Weight must be smaller than 65536"
        : null;

    private static string? CheckError(CheckBody check)
    {
        var intervalCheck = check.IsScript || !string.IsNullOrEmpty(check.HTTP) || !string.IsNullOrEmpty(check.TCP)
            || !string.IsNullOrEmpty(check.UDP) || !string.IsNullOrEmpty(check.GRPC) || !string.IsNullOrEmpty(check.H2PING)
            || !string.IsNullOrEmpty(check.OSService);
        var alias = !string.IsNullOrEmpty(check.AliasNode) || !string.IsNullOrEmpty(check.AliasService);
        var interval = check.Interval ?? TimeSpan.Zero;
        var ttl = check.TTL ?? TimeSpan.Zero;
        return interval > TimeSpan.Zero && ttl > TimeSpan.Zero ? "Interval and TTL cannot both be specified"
            : intervalCheck && interval <= TimeSpan.Zero ? "Interval must be > 0 for Script, HTTP, H2PING, TCP, UDP or OSService checks"
            : intervalCheck && alias ? "Interval cannot be set for Alias checks"
            : alias && ttl > TimeSpan.Zero ? "TTL must be not be set for Alias checks"
            : !intervalCheck && !alias && ttl <= TimeSpan.Zero ? "TTL must be > 0 for TTL checks"
            : check.FailuresBeforeWarning > check.FailuresBeforeCritical ? "FailuresBeforeWarning can't be higher than FailuresBeforeCritical"
            : null;
    }

    [GeneratedRegex("^[a-zA-Z0-9_-]+$")]
    private static partial Regex MetaKey();
}
