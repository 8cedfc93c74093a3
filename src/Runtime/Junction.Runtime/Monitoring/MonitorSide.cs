namespace Junction.Monitoring;

/// <summary>Which end of a call a <see cref="MonitorRow"/> describes.</summary>
public enum MonitorSide
{
    /// <summary>The application called a provider.</summary>
    Consumer = 1,

    /// <summary>The application served a consumer.</summary>
    Provider = 2,
}
