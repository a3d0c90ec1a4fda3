using EventBroker.Routing.InProcess;
using EventBroker.Routing.Tests.Conformance;
using EventBroker.Routing.Tests.Support;

namespace EventBroker.Routing.Tests.InProcess;

/// <summary>The contract, with state persisted to a temporary data directory (and reopened from it).</summary>
public sealed class InProcessRoutingStoreTests : RoutingStoreConformance
{
    private readonly TempDirectory _directory = new();

    protected override bool SupportsReopen => true;

    protected override Task<IRoutingStore> CreateStoreAsync(ManualTimeProvider time) => OpenAsync(time);

    protected override Task<IRoutingStore> ReopenStoreAsync(ManualTimeProvider time) => OpenAsync(time);

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _directory.Dispose();
    }

    private async Task<IRoutingStore> OpenAsync(ManualTimeProvider time)
        => await InProcessRoutingStore.OpenAsync(new InProcessRoutingOptions { DataDirectory = _directory.Path, TimeProvider = time });
}

/// <summary>The contract again in memory-only mode, the store unit tests of other projects use.</summary>
public sealed class InProcessMemoryRoutingStoreTests : RoutingStoreConformance
{
    protected override Task<IRoutingStore> CreateStoreAsync(ManualTimeProvider time)
        => Task.FromResult<IRoutingStore>(new InProcessRoutingStore(new InProcessRoutingOptions { TimeProvider = time }));
}
