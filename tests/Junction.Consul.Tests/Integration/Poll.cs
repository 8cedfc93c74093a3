namespace Junction.Consul.Tests.Integration;

/// <summary>Polls a condition with a deadline (no fixed sleeps to wait for something).</summary>
internal static class Poll
{
    public static async Task Until(Func<bool> condition, string what, double seconds = 20)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new Xunit.Sdk.XunitException($"No {what} within {seconds} s.");
            }

            await Task.Delay(20);
        }
    }
}
