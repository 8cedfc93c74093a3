namespace Junction.Configuration;

/// <summary>
/// Where routing rules and overrides come from (Dubbo's config center): a key maps to a text document, which may change
/// at run time. Keys follow Dubbo: <c>{interface}:{version}:{group}.condition-router</c>,
/// <c>{application}.condition-router</c>, <c>{provider application}.tag-router</c>,
/// <c>{provider application}.script-router</c>.
/// </summary>
public interface IConfigSource
{
    /// <summary>
    /// Calls <paramref name="changed"/> with the key's current text (null when absent), then again after every change,
    /// until the returned handle is disposed. Calls for one key never overlap; they may come from any thread.
    /// </summary>
    IDisposable Watch(string key, Action<string?> changed);
}
