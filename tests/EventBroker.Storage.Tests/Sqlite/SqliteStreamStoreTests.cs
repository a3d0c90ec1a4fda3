using EventBroker.Storage.Sqlite;
using EventBroker.Storage.Tests.Conformance;
using EventBroker.Storage.Tests.Support;

namespace EventBroker.Storage.Tests.Sqlite;

/// <summary>The contract against the embedded store, in a temporary directory reopened for the durability tests.</summary>
public sealed class SqliteStreamStoreTests : StreamStoreConformance
{
    private readonly TempDirectory _directory = new();

    protected override bool SupportsReopen => true;

    protected override Task<IStreamStore> CreateStoreAsync() => OpenAsync();

    protected override Task<IStreamStore> ReopenStoreAsync() => OpenAsync();

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _directory.Dispose();
    }

    private async Task<IStreamStore> OpenAsync()
        => await SqliteStreamStore.OpenAsync(new SqliteStreamStoreOptions { Path = _directory.File("store.db") });
}
