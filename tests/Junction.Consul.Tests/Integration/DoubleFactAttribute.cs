namespace Junction.Consul.Tests.Integration;

/// <summary>A test that needs the Consul double's hooks: skipped when <c>CONSUL_HTTP_ADDR</c> points at a real agent.</summary>
public sealed class DoubleFactAttribute : FactAttribute
{
    public DoubleFactAttribute()
    {
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CONSUL_HTTP_ADDR")))
        {
            Skip = "Needs the Consul double's hooks; CONSUL_HTTP_ADDR points at a real agent.";
        }
    }
}

/// <summary>A theory that needs the Consul double's hooks: skipped when <c>CONSUL_HTTP_ADDR</c> points at a real agent.</summary>
public sealed class DoubleTheoryAttribute : TheoryAttribute
{
    public DoubleTheoryAttribute()
    {
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CONSUL_HTTP_ADDR")))
        {
            Skip = "Needs the Consul double's hooks; CONSUL_HTTP_ADDR points at a real agent.";
        }
    }
}
