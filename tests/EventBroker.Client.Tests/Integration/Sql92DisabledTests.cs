using EventBroker.Client.Tests.Support;

namespace EventBroker.Client.Tests.Integration;

/// <summary>A gateway of its own without SQL92 filtering (RocketMQ's default).</summary>
public sealed class Sql92DisabledTests : IAsyncLifetime
{
    private GatewayHost _host = null!;

    public async Task InitializeAsync() => _host = await GatewayHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task An_sql92_consumer_fails_to_start_instead_of_receiving_unfiltered_messages()
    {
        var topic = GatewayFixture.Unique("NoSql");
        var group = GatewayFixture.Unique("g");
        await using var client = _host.NewClient();
        await client.Admin.CreateTopicAsync(topic, queueCount: 1);
        var consumer = client.CreatePushConsumer(new PushConsumerOptions(group, new Subscription(topic, MessageSelector.Sql92("a > 1"))), new Collector().Handler);

        var refused = await Assert.ThrowsAsync<BrokerResponseException>(() => consumer.StartAsync());

        Assert.Contains("SQL92", refused.Message, StringComparison.Ordinal);
        // The failed start left the group: a tag consumer of the same group can join.
        await using var tags = client.CreatePushConsumer(new PushConsumerOptions(group, new Subscription(topic)), new Collector().Handler);
        await tags.StartAsync();
    }
}
