namespace EventBroker.Storage.Tests.Support;

/// <summary>Waits for something a background thread does (a notification, a purge) with a generous bound.</summary>
public static class Eventually
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public static async Task AssertAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out after {Timeout.TotalSeconds} s waiting for {what}");
            }
            await Task.Delay(10);
        }
    }
}
