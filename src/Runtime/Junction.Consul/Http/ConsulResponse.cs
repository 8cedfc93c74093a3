namespace Junction.Consul.Http;

/// <summary>A decoded read: the value (default when Consul answered 404), the <c>X-Consul-Index</c> header if sent.</summary>
internal readonly record struct ConsulResponse<T>(T? Value, ulong? Index, bool NotFound);
