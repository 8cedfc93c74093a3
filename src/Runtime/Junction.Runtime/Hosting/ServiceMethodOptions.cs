namespace Junction.Hosting;

/// <summary>Limits of one method of an exported service that differ from the service's.</summary>
public sealed class ServiceMethodOptions
{
    /// <summary>At most this many calls of the method at once; null: the service's <see cref="ServiceOptions.Executes"/>.</summary>
    public int? Executes { get; set; }

    /// <summary>
    /// At most this many calls of the method per the service's <see cref="ServiceOptions.TpsInterval"/>, in a bucket of
    /// its own; null: the method shares the service's bucket.
    /// </summary>
    public int? Tps { get; set; }
}
