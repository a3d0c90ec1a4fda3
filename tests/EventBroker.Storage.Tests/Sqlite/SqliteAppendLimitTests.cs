using EventBroker.Storage.Sqlite;
using EventBroker.Storage.Tests.Support;

namespace EventBroker.Storage.Tests.Sqlite;

/// <summary>Appends the store refuses before they reach the writer, so they cannot fail anyone else's group commit.</summary>
public sealed class SqliteAppendLimitTests : IAsyncLifetime
{
    private readonly TempDirectory _directory = new();
    private SqliteStreamStore _store = null!;

    public async Task InitializeAsync() => _store = await SqliteTestStore.OpenAsync(_directory.File("store.db"));

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public async Task Append_of_an_event_without_an_id_is_refused()
    {
        var ex = await Assert.ThrowsAsync<ArgumentException>(async () => await _store.AppendAsync("s", new[] { SqliteTestStore.Event("ok"), new EventToAppend(Guid.Empty, new byte[1], 0) }));

        Assert.Contains("event 1 of the append to 's' has no id", ex.Message);
        Assert.Equal(default, await _store.GetBoundsAsync("s"));
    }

    [Fact]
    public async Task Append_of_an_oversized_event_or_batch_is_refused_and_others_go_on()
    {
        var huge = new byte[SqliteStreamStore.MaxEventBytes + 1];
        var large = huge.AsMemory(0, 60 * 1024 * 1024);

        var tooBigEvent = await Assert.ThrowsAsync<AppendTooLargeException>(
            async () => await _store.AppendAsync("s", new[] { new EventToAppend(Guid.NewGuid(), huge, 0) }));
        var tooBigAppend = await Assert.ThrowsAsync<AppendTooLargeException>(
            async () => await _store.AppendAsync("s", Enumerable.Range(0, 5).Select(_ => new EventToAppend(Guid.NewGuid(), large, 0)).ToArray()));
        var fine = await _store.AppendAsync("s", new[] { SqliteTestStore.Event("fine") });

        Assert.Contains($"is {huge.Length} bytes; the SQLite store takes at most {SqliteStreamStore.MaxEventBytes} bytes per event", tooBigEvent.Message);
        Assert.Contains($"at most {SqliteStreamStore.MaxAppendBytes} bytes per append", tooBigAppend.Message);
        Assert.Equal(0, fine.Events[0].Revision);
    }
}
