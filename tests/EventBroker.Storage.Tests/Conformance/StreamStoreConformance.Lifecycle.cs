namespace EventBroker.Storage.Tests.Conformance;

public abstract partial class StreamStoreConformance
{
    [Fact]
    public async Task Ping_reports_an_open_store_as_alive()
    {
        Assert.True(await Store.PingAsync());
        Assert.False(string.IsNullOrWhiteSpace(Store.Description));
    }

    [Fact]
    public async Task Dispose_completes_appends_already_started()
    {
        var stream = StreamName();
        var pending = Enumerable.Range(0, 20).Select(i => Store.AppendAsync(stream, new[] { Event($"{i}") }).AsTask()).ToList();

        await ReopenOrDisposeAsync();

        var results = await Task.WhenAll(pending);
        Assert.Equal(20, results.Select(r => r.Events[0].Revision).Distinct().Count());
    }

    [Fact]
    public async Task Calls_after_dispose_throw_ObjectDisposedException()
    {
        await Store.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await AppendAsync(StreamName(), Event("late")));
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await Store.ReadForwardAsync(StreamName(), 0, 1));
        Assert.False(await Store.PingAsync());
    }

    private async Task ReopenOrDisposeAsync()
    {
        if (SupportsReopen)
        {
            await ReopenAsync();
        }
        else
        {
            await Store.DisposeAsync();
        }
    }
}
