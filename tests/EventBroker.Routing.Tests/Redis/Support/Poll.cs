namespace EventBroker.Routing.Tests.Redis.Support;

/// <summary>Waits for an asynchronous condition, such as a call succeeding again after Redis returns, without blocking a thread.</summary>
internal static class Poll
{
    public static async Task UntilAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(15);
        var deadline = DateTime.UtcNow + limit;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"Timed out after {limit.TotalSeconds} s waiting for {what}");
            await Task.Delay(20);
        }
    }

    /// <summary>True when the call completes, false when it throws <typeparamref name="TException"/>.</summary>
    public static async Task<bool> SucceedsAsync<TException>(Func<Task> call) where TException : Exception
    {
        try
        {
            await call();
            return true;
        }
        catch (TException)
        {
            return false;
        }
    }
}
