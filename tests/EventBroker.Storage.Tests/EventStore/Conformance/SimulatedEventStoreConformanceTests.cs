using EventBroker.Storage.Tests.EventStore.Simulation;

namespace EventBroker.Storage.Tests.EventStore.Conformance;

/// <summary>
/// The contract through the whole EventStoreDB store (store, client, HTTP/2 transport) against
/// <see cref="SimulatedEventStoreServer"/>, an in-memory imitation of the server's rules. It runs in CI; passing it
/// shows the store's logic holds under our reading of EventStoreDB, while the real-node run proves the reading.
/// </summary>
public sealed class SimulatedEventStoreConformanceTests : EventStoreStreamStoreConformance, IClassFixture<SimulatedEventStoreConformanceTests.Node>
{
    private readonly Node _node;

    public SimulatedEventStoreConformanceTests(Node node) => _node = node;

    protected override string ConnectionString => _node.Server.ConnectionString;

    /// <summary>One simulated node for the class; tests keep apart by stream names.</summary>
    public sealed class Node : IAsyncLifetime
    {
        internal SimulatedEventStoreServer Server { get; private set; } = null!;

        public async Task InitializeAsync() => Server = await SimulatedEventStoreServer.StartAsync();

        public async Task DisposeAsync() => await Server.DisposeAsync();
    }
}
