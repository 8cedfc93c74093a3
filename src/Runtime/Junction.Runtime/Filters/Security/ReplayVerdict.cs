namespace Junction.Filters.Security;

/// <summary>What <see cref="ReplayCache.TryRemember"/> decided.</summary>
internal enum ReplayVerdict
{
    /// <summary>First seen; remembered.</summary>
    Remembered,

    /// <summary>The same access key sent this nonce within the window.</summary>
    Replayed,

    /// <summary>Signed no later than a call the full cache had to forget, so a replay could not be told apart.</summary>
    TooOld,
}
