using EventBroker.Storage.EventStore;
using EventBroker.Storage.Tests.Conformance;
using EventBroker.Storage.Tests.Support;

// Two contract tests expect a deleted stream to restart at revision 0; EventStoreDB continues the old revisions.
// This class hides them (same name, `new`) with versions that expect EventStoreDB's behaviour; see docs/storage.md.
#pragma warning disable xUnit1024

namespace EventBroker.Storage.Tests.EventStore.Conformance;

/// <summary>
/// The IStreamStore contract against a real EventStoreDB node. No node runs in CI, so the runnable class below is
/// compiled in only when the build sees <c>EVENTBROKER_ESDB</c> (MSBuild reads environment variables):
/// <c>EVENTBROKER_ESDB=esdb://127.0.0.1:2113?tls=false dotnet test tests/EventBroker.Storage.Tests --filter FullyQualifiedName~EventStore.Conformance</c>.
/// Start the node with <c>--max-append-size 4194304</c> (or <c>EVENTSTORE_MAX_APPEND_SIZE</c>): one contract test
/// stores a 1 MiB + 7 byte event, above the server's 1 MiB default. Tests name their streams uniquely, so a shared
/// node needs no cleanup.
/// </summary>
public abstract class EventStoreStreamStoreConformance : StreamStoreConformance
{
    public static string? NodeFromEnvironment => Environment.GetEnvironmentVariable("EVENTBROKER_ESDB");

    /// <summary>The node (or simulation) the stores connect to.</summary>
    protected abstract string ConnectionString { get; }

    protected override bool SupportsReopen => true;

    protected override Task<IStreamStore> CreateStoreAsync() => OpenAsync();

    protected override Task<IStreamStore> ReopenStoreAsync() => OpenAsync();

    [Fact]
    public new async Task DeleteStream_removes_the_stream_and_a_later_append_restarts_at_zero()
    {
        var stream = StreamName();
        var events = Events(3);
        var before = await AppendAsync(stream, events);

        await Store.DeleteStreamAsync(stream);

        Assert.Equal(default, await Store.GetBoundsAsync(stream));
        Assert.Empty(await ReadAllAsync(stream));
        Assert.Null(await Store.ReadByPositionAsync(before.Events[1].Position));
        Assert.Null(await Store.GetFirstTimestampAsync(stream));

        // The deleted stream's ids do not count (the store writes them again although the server remembers them), but
        // the revisions continue after the deleted ones: EventStoreDB's soft delete, documented in docs/storage.md.
        var after = await AppendAsync(stream, events);
        Assert.Equal([(3L, false), (4L, false), (5L, false)], after.Events.Select(e => (e.Revision, e.WasDuplicate)));
        Assert.All(after.Events, e => Assert.True(e.Position > before.Events[2].Position));
        Assert.Equal(["e0", "e1", "e2"], (await ReadAllAsync(stream)).Select(e => e.Text));
        Assert.Equal(new StreamBounds(3, 6), await Store.GetBoundsAsync(stream));
    }

    [Fact]
    public new async Task Reopen_keeps_truncation_and_deletion_and_never_reuses_positions()
    {
        var (truncated, deleted, later) = (StreamName("truncated"), StreamName("deleted"), StreamName("later"));
        await AppendAsync(truncated, Events(4));
        var last = await AppendAsync(deleted, Events(3));
        await Store.TruncateBeforeAsync(truncated, 2);
        await Store.DeleteStreamAsync(deleted);

        await ReopenAsync();

        Assert.Equal(new StreamBounds(2, 4), await Store.GetBoundsAsync(truncated));
        Assert.Equal(["e2", "e3"], (await ReadAllAsync(truncated)).Select(e => e.Text));
        Assert.Equal(default, await Store.GetBoundsAsync(deleted));
        var next = await AppendAsync(later, Event("new"));
        Assert.True(next.Events[0].Position > last.Events[2].Position);
        // Revisions continue after a soft delete (0, 1, 2 were deleted).
        Assert.Equal(3, (await AppendAsync(deleted, Event("again"))).Events[0].Revision);
        await Eventually.AssertAsync(() => Store.GetBoundsAsync(deleted).AsTask().Result == new StreamBounds(3, 4), "the recreated stream to show only its new event");
    }

    private async Task<IStreamStore> OpenAsync()
        => await EventStoreStreamStore.OpenAsync(new EventStoreStreamStoreOptions { ConnectionString = ConnectionString, MaxAppendBytes = 4 * 1024 * 1024 });
}

#if EVENTBROKER_ESDB
/// <summary>The contract against the node named by EVENTBROKER_ESDB.</summary>
public sealed class EventStoreStreamStoreConformanceTests : EventStoreStreamStoreConformance
{
    protected override string ConnectionString => NodeFromEnvironment ?? throw new InvalidOperationException("EVENTBROKER_ESDB is not set");
}
#else
public sealed class EventStoreStreamStoreConformanceNotRun
{
    [Fact(Skip = "Needs an EventStoreDB node: set EVENTBROKER_ESDB=esdb://127.0.0.1:2113?tls=false when building and running the tests.")]
    public void Conformance_suite_against_a_real_EventStoreDB_node()
    {
    }
}
#endif
