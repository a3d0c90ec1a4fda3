namespace EventBroker.Client.Tests.Support;

/// <summary>Polls a condition that becomes true asynchronously (a rebalance, a delivery).</summary>
public static class Eventually
{
    public static async Task TrueAsync(Func<bool> condition, TimeSpan timeout, string because)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Not true within {timeout.TotalSeconds} s: {because}");
            }
            await Task.Delay(25);
        }
    }
}
