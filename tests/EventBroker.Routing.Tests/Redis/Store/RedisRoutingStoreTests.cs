using EventBroker.Routing.Redis;
using EventBroker.Routing.Tests.Conformance;
using EventBroker.Routing.Tests.Redis.Support;
using EventBroker.Routing.Tests.Support;

namespace EventBroker.Routing.Tests.Redis.Store;

/// <summary>The IRoutingStore contract against a real redis-server; reopening is a new store on new connections over the same keys.</summary>
[Collection(RedisCollection.Name)]
public sealed class RedisRoutingStoreTests(RedisServerFixture fixture) : RoutingStoreConformance
{
    protected override bool SupportsReopen => true;

    protected override Task<IRoutingStore> CreateStoreAsync(ManualTimeProvider time) => OpenAsync(time);

    protected override Task<IRoutingStore> ReopenStoreAsync(ManualTimeProvider time) => OpenAsync(time);

    private async Task<IRoutingStore> OpenAsync(ManualTimeProvider time)
        => await RedisRoutingStore.ConnectAsync(new RedisRoutingOptions
        {
            Configuration = fixture.Server.Configuration,
            KeyPrefix = fixture.RunPrefix + "conformance:",
            ClientExpiry = ClientExpiry,
            TimeProvider = time,
        });
}
