using EventBroker.Protocol.Bodies;

namespace EventBroker.Routing.Tests.Conformance;

public abstract partial class RoutingStoreConformance
{
    [Fact]
    public async Task RegisterConsumer_new_client_returns_true_and_lists_it()
    {
        var group = Name("g");

        Assert.True(await Store.RegisterConsumerAsync(Client("c1"), Consumer(group, "T")));

        var member = Assert.Single(await Store.GetConsumersAsync(group));
        Assert.Equal("c1", member.Client.ClientId);
        Assert.Equal("10.0.0.7:51234", member.Client.ClientAddr);
        Assert.Equal(401, member.Client.Version);
        Assert.Equal("gw-1", member.Client.GatewayId);
        Assert.Equal(group, member.Data.GroupName);
        Assert.Equal(MessageModel.CLUSTERING, member.Data.MessageModel);
        Assert.Equal(Fields(Consumer(group, "T").SubscriptionDataSet[0]), Fields(Assert.Single(member.Data.SubscriptionDataSet)));
    }

    [Fact]
    public async Task RegisterConsumer_refresh_by_a_member_returns_false()
    {
        var group = Name("g");
        await Store.RegisterConsumerAsync(Client("c1"), Consumer(group, "T"));

        Assert.False(await Store.RegisterConsumerAsync(Client("c1"), Consumer(group, "T")));
        Assert.Single(await Store.GetConsumersAsync(group));
    }

    [Fact]
    public async Task RegisterConsumer_changed_subscriptions_without_a_new_member_return_false_and_are_stored()
    {
        var group = Name("g");
        await Store.RegisterConsumerAsync(Client("c1"), Consumer(group, "T1"));

        Assert.False(await Store.RegisterConsumerAsync(Client("c1"), Consumer(group, "T1", "T2")));

        var member = Assert.Single(await Store.GetConsumersAsync(group));
        Assert.Equal(["T1", "T2"], member.Data.SubscriptionDataSet.Select(s => s.Topic));
    }

    [Fact]
    public async Task RegisterConsumer_another_client_returns_true()
    {
        var group = Name("g");
        await Store.RegisterConsumerAsync(Client("c1"), Consumer(group, "T"));

        Assert.True(await Store.RegisterConsumerAsync(Client("c2"), Consumer(group, "T")));
        Assert.Equal(2, (await Store.GetConsumersAsync(group)).Count);
    }

    [Fact]
    public async Task RegisterConsumer_same_client_in_another_group_is_new_there()
    {
        await Store.RegisterConsumerAsync(Client("c1"), Consumer(Name("g1"), "T"));

        Assert.True(await Store.RegisterConsumerAsync(Client("c1"), Consumer(Name("g2"), "T")));
    }

    [Fact]
    public async Task GetConsumers_orders_members_by_client_id()
    {
        var group = Name("g");
        foreach (var id in new[] { "10.0.0.3@b", "10.0.0.1@z", "10.0.0.2@a", "10.0.0.1@a" })
            await Store.RegisterConsumerAsync(Client(id), Consumer(group, "T"));

        var ids = (await Store.GetConsumersAsync(group)).Select(m => m.Client.ClientId);

        Assert.Equal(["10.0.0.1@a", "10.0.0.1@z", "10.0.0.2@a", "10.0.0.3@b"], ids);
    }

    [Fact]
    public async Task GetConsumers_unknown_group_is_empty()
        => Assert.Empty(await Store.GetConsumersAsync(Name("none")));

    [Fact]
    public async Task RegisterConsumer_stamps_LastSeen_from_the_store_clock_on_every_heartbeat()
    {
        var group = Name("g");
        var stale = Client("c1") with { LastSeen = DateTimeOffset.UnixEpoch };
        await Store.RegisterConsumerAsync(stale, Consumer(group, "T"));
        Assert.Equal(Time.GetUtcNow(), Assert.Single(await Store.GetConsumersAsync(group)).Client.LastSeen);

        Time.Advance(TimeSpan.FromSeconds(30));
        await Store.RegisterConsumerAsync(stale, Consumer(group, "T"));

        Assert.Equal(Time.GetUtcNow(), Assert.Single(await Store.GetConsumersAsync(group)).Client.LastSeen);
    }

    [Fact]
    public async Task GetConsumers_returns_deep_copies_that_callers_may_change()
    {
        var group = Name("g");
        var data = Consumer(group, "T");
        await Store.RegisterConsumerAsync(Client("c1"), data);
        data.SubscriptionDataSet[0].TagsSet.Add("Changed");
        data.SubscriptionDataSet.Add(new SubscriptionData { Topic = "Other" });
        var first = Assert.Single(await Store.GetConsumersAsync(group));
        first.Data.SubscriptionDataSet[0].TagsSet.Clear();
        first.Data.SubscriptionDataSet[0].CodeSet.Clear();
        first.Data.SubscriptionDataSet.Clear();

        var second = Assert.Single(await Store.GetConsumersAsync(group));

        var subscription = Assert.Single(second.Data.SubscriptionDataSet);
        Assert.Equal(["TagA", "TagB"], subscription.TagsSet.Order());
        Assert.Equal(2, subscription.CodeSet.Count);
    }

    [Fact]
    public async Task UnregisterConsumer_removes_the_member_and_reports_whether_it_was_one()
    {
        var group = Name("g");
        await Store.RegisterConsumerAsync(Client("c1"), Consumer(group, "T"));
        await Store.RegisterConsumerAsync(Client("c2"), Consumer(group, "T"));

        Assert.True(await Store.UnregisterConsumerAsync(group, "c1"));
        Assert.False(await Store.UnregisterConsumerAsync(group, "c1"));
        Assert.False(await Store.UnregisterConsumerAsync(Name("none"), "c2"));

        Assert.Equal(["c2"], (await Store.GetConsumersAsync(group)).Select(m => m.Client.ClientId));
    }

    [Fact]
    public async Task RegisterConsumer_after_unregister_is_new_again()
    {
        var group = Name("g");
        await Store.RegisterConsumerAsync(Client("c1"), Consumer(group, "T"));
        await Store.UnregisterConsumerAsync(group, "c1");

        Assert.True(await Store.RegisterConsumerAsync(Client("c1"), Consumer(group, "T")));
    }

    [Fact]
    public async Task GetConsumerGroups_lists_groups_with_members_only()
    {
        var (g1, g2) = (Name("g1"), Name("g2"));
        await Store.RegisterConsumerAsync(Client("c1"), Consumer(g1, "T"));
        await Store.RegisterConsumerAsync(Client("c2"), Consumer(g2, "T"));
        Assert.Equal([g1, g2], (await Store.GetConsumerGroupsAsync()).Where(IsMine).Order());

        await Store.UnregisterConsumerAsync(g1, "c1");

        Assert.Equal([g2], (await Store.GetConsumerGroupsAsync()).Where(IsMine));
    }

    [Fact]
    public async Task RegisterProducer_lists_it_by_group_with_LastSeen_from_the_store_clock()
    {
        var (group, other) = (Name("p"), Name("other"));
        await Store.RegisterProducerAsync(Client("c2"), group);
        await Store.RegisterProducerAsync(Client("c1") with { LastSeen = DateTimeOffset.UnixEpoch }, group);
        await Store.RegisterProducerAsync(Client("c1"), group);
        await Store.RegisterProducerAsync(Client("c3"), other);

        var producers = await Store.GetProducersAsync(group);

        Assert.Equal(["c1", "c2"], producers.Select(p => p.ClientId));
        Assert.All(producers, p => Assert.Equal(Time.GetUtcNow(), p.LastSeen));
        Assert.Equal([other, group], (await Store.GetProducerGroupsAsync()).Where(IsMine).Order());
    }

    [Fact]
    public async Task UnregisterProducer_removes_it_and_reports_whether_it_was_one()
    {
        var group = Name("p");
        await Store.RegisterProducerAsync(Client("c1"), group);

        Assert.True(await Store.UnregisterProducerAsync(group, "c1"));
        Assert.False(await Store.UnregisterProducerAsync(group, "c1"));
        Assert.Empty(await Store.GetProducersAsync(group));
        Assert.DoesNotContain(group, await Store.GetProducerGroupsAsync());
    }

    [Fact]
    public async Task ExpireClients_within_120_seconds_keeps_everyone()
    {
        var (consumers, producers) = (Name("g"), Name("p"));
        await Store.RegisterConsumerAsync(Client("c1"), Consumer(consumers, "T"));
        await Store.RegisterProducerAsync(Client("c1"), producers);
        Time.Advance(ClientExpiry - TimeSpan.FromSeconds(1));

        var changed = await Store.ExpireClientsAsync(Time.GetUtcNow());

        Assert.DoesNotContain(consumers, changed);
        Assert.Single(await Store.GetConsumersAsync(consumers));
        Assert.Single(await Store.GetProducersAsync(producers));
    }

    [Fact]
    public async Task ExpireClients_after_120_seconds_drops_silent_consumers_and_reports_their_group()
    {
        var group = Name("g");
        await Store.RegisterConsumerAsync(Client("c1"), Consumer(group, "T"));
        Time.Advance(ClientExpiry + TimeSpan.FromSeconds(1));

        var changed = await Store.ExpireClientsAsync(Time.GetUtcNow());

        Assert.Equal([group], changed.Where(IsMine));
        Assert.Empty(await Store.GetConsumersAsync(group));
        Assert.DoesNotContain(group, await Store.GetConsumerGroupsAsync());
        Assert.DoesNotContain(group, await Store.ExpireClientsAsync(Time.GetUtcNow()));
    }

    [Fact]
    public async Task ExpireClients_keeps_refreshed_members_and_reports_a_group_that_lost_one()
    {
        var group = Name("g");
        await Store.RegisterConsumerAsync(Client("silent"), Consumer(group, "T"));
        await Store.RegisterConsumerAsync(Client("alive"), Consumer(group, "T"));
        Time.Advance(TimeSpan.FromSeconds(90));
        await Store.RegisterConsumerAsync(Client("alive"), Consumer(group, "T"));
        Time.Advance(TimeSpan.FromSeconds(90));

        var changed = await Store.ExpireClientsAsync(Time.GetUtcNow());

        Assert.Equal([group], changed.Where(IsMine));
        Assert.Equal(["alive"], (await Store.GetConsumersAsync(group)).Select(m => m.Client.ClientId));
    }

    [Fact]
    public async Task ExpireClients_drops_silent_producers_without_reporting_a_consumer_group()
    {
        var group = Name("p");
        await Store.RegisterProducerAsync(Client("c1"), group);
        Time.Advance(ClientExpiry + TimeSpan.FromSeconds(1));

        var changed = await Store.ExpireClientsAsync(Time.GetUtcNow());

        Assert.DoesNotContain(group, changed);
        Assert.Empty(await Store.GetProducersAsync(group));
        Assert.DoesNotContain(group, await Store.GetProducerGroupsAsync());
    }
}
