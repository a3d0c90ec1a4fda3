using EventBroker.Storage.Tests.Conformance;
using EventBroker.Storage.Tests.Support;

namespace EventBroker.Storage.Tests.Sqlite;

/// <summary>The contract against a store in shared mode, alone on its file: every read looks in the file, every commit checks for other writers.</summary>
public sealed class SharedStreamStoreTests : StreamStoreConformance
{
    private readonly TempDirectory _directory = new();

    protected override bool SupportsReopen => true;

    protected override async Task<IStreamStore> CreateStoreAsync() => await SharedTestStore.OpenAsync(_directory.File("store.db"));

    protected override async Task<IStreamStore> ReopenStoreAsync() => await SharedTestStore.OpenAsync(_directory.File("store.db"));

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _directory.Dispose();
    }
}
