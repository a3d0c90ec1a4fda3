using EventBroker.Storage.Sqlite;
using EventBroker.Storage.Tests.Conformance;
using EventBroker.Storage.Tests.Support;

namespace EventBroker.Storage.Tests.Sqlite;

/// <summary>
/// The contract against a store in shared mode while a second store on the same file keeps appending, truncating and
/// deleting a stream of its own: nearly every group commit of the store under test finds another writer's commit
/// before it and must re-read the next position, so the suite runs through shared mode's slow path.
/// </summary>
public sealed class SharedStreamStoreWithNeighbourTests : StreamStoreConformance
{
    private readonly TempDirectory _directory = new();
    private readonly CancellationTokenSource _stop = new();
    private SqliteStreamStore? _neighbour;
    private Task _neighbourWork = Task.CompletedTask;

    protected override bool SupportsReopen => true;

    protected override async Task<IStreamStore> CreateStoreAsync()
    {
        var store = await SharedTestStore.OpenAsync(_directory.File("store.db"));
        _neighbour = await SharedTestStore.OpenAsync(_directory.File("store.db"));
        _neighbourWork = Task.Run(() => NeighbourAsync(_neighbour, _stop.Token));
        return store;
    }

    protected override async Task<IStreamStore> ReopenStoreAsync() => await SharedTestStore.OpenAsync(_directory.File("store.db"));

    public override async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        await _neighbourWork;
        if (_neighbour is not null)
        {
            await _neighbour.DisposeAsync();
        }
        await base.DisposeAsync();
        _stop.Dispose();
        _directory.Dispose();
    }

    /// <summary>Appends, and now and then truncates or deletes, so positions move and the position floor is rewritten behind the tested store's back.</summary>
    private static async Task NeighbourAsync(SqliteStreamStore neighbour, CancellationToken stop)
    {
        const string stream = "neighbour";
        for (var i = 1; !stop.IsCancellationRequested; i++)
        {
            var appended = await neighbour.AppendAsync(stream, SqliteTestStore.Events(1));
            if (i % 50 == 0)
            {
                await neighbour.DeleteStreamAsync(stream);
            }
            else if (i % 10 == 0)
            {
                await neighbour.TruncateBeforeAsync(stream, appended.NextRevision);
            }
            await Task.Delay(1, CancellationToken.None);
        }
    }
}
