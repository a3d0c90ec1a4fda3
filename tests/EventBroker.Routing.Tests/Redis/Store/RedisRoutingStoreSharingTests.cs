using System.Text;
using EventBroker.Protocol;
using EventBroker.Protocol.Bodies;
using EventBroker.Routing.Redis;
using EventBroker.Routing.Tests.Redis.Support;
using EventBroker.Routing.Tests.Support;

namespace EventBroker.Routing.Tests.Redis.Store;

/// <summary>Several stores over one Redis and one prefix, as the gateways of a cluster use it.</summary>
[Collection(RedisCollection.Name)]
public sealed class RedisRoutingStoreSharingTests(RedisServerFixture fixture) : IAsyncLifetime
{
    private readonly string _prefix = $"{fixture.RunPrefix}sharing-{Guid.NewGuid():N}:";
    private readonly ManualTimeProvider _time = new();
    private readonly List<RedisRoutingStore> _gateways = [];

    public async Task InitializeAsync()
    {
        for (var i = 0; i < 4; i++)
            _gateways.Add(await RedisRoutingStore.ConnectAsync(new RedisRoutingOptions { Configuration = fixture.Server.Configuration, KeyPrefix = _prefix, TimeProvider = _time }));
    }

    public async Task DisposeAsync()
    {
        foreach (var gateway in _gateways)
            await gateway.DisposeAsync();
    }

    [Fact]
    public async Task A_topic_written_through_one_gateway_is_read_through_another()
    {
        await _gateways[0].PutTopicAsync(new TopicConfig { TopicName = "T", ReadQueueNums = 6, WriteQueueNums = 6 });

        Assert.Equal(6, (await _gateways[1].GetTopicAsync("T"))!.ReadQueueNums);
    }

    [Fact]
    public async Task Gateways_auto_creating_one_topic_at_once_agree_on_one_config()
    {
        var results = await Task.WhenAll(_gateways.Select((gateway, i) =>
            gateway.GetOrAddTopicAsync(new TopicConfig { TopicName = "race", ReadQueueNums = i + 1, WriteQueueNums = i + 1 }).AsTask()));

        Assert.Single(results.Select(r => r.ReadQueueNums).Distinct());
    }

    [Fact]
    public async Task Exactly_one_gateway_wins_a_contested_lease_and_the_next_holder_gets_a_larger_token()
    {
        var tokens = await Task.WhenAll(_gateways.Select((gateway, i) => gateway.TryAcquireLeaseAsync("retention", $"gw-{i}", TimeSpan.FromSeconds(30)).AsTask()));

        var winner = Assert.Single(tokens.Select((token, i) => (token, i)), t => t.token is not null);
        await _gateways[winner.i].ReleaseLeaseAsync("retention", $"gw-{winner.i}");
        var next = (winner.i + 1) % _gateways.Count;
        var nextToken = await _gateways[next].TryAcquireLeaseAsync("retention", $"gw-{next}", TimeSpan.FromSeconds(30));
        Assert.True(nextToken > winner.token);
    }

    [Fact]
    public async Task A_lease_moves_to_another_gateway_once_its_holder_stops_renewing()
    {
        var first = await _gateways[0].TryAcquireLeaseAsync("schedule", "gw-0", TimeSpan.FromSeconds(30));
        Assert.Null(await _gateways[1].TryAcquireLeaseAsync("schedule", "gw-1", TimeSpan.FromSeconds(30)));

        _time.Advance(TimeSpan.FromSeconds(31));

        var second = await _gateways[1].TryAcquireLeaseAsync("schedule", "gw-1", TimeSpan.FromSeconds(30));
        Assert.True(second > first);
        // The old holder's renewal is refused: its fencing token is stale.
        Assert.Null(await _gateways[0].TryAcquireLeaseAsync("schedule", "gw-0", TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task Queue_lock_batches_from_two_gateways_never_both_get_a_queue()
    {
        var queues = Enumerable.Range(0, 8).Select(i => new MessageQueue("T", "broker-a", i)).ToArray();

        var held = await Task.WhenAll(
            _gateways[0].TryLockQueuesAsync("G", "c1", queues, TimeSpan.FromSeconds(60)).AsTask(),
            _gateways[1].TryLockQueuesAsync("G", "c2", queues.Reverse().ToArray(), TimeSpan.FromSeconds(60)).AsTask());

        Assert.Empty(held[0].Intersect(held[1]));
        Assert.Equal(8, held[0].Count + held[1].Count);
    }

    [Fact]
    public async Task Membership_shows_which_gateway_holds_each_client()
    {
        await _gateways[0].RegisterConsumerAsync(new ClientRegistration("c1", "10.0.0.7:1", LanguageCode.JAVA, 401, "gw-0"), new ConsumerData { GroupName = "G" });
        Assert.False(await _gateways[0].RegisterConsumerAsync(new ClientRegistration("c1", "10.0.0.7:1", LanguageCode.JAVA, 401, "gw-0"), new ConsumerData { GroupName = "G" }));

        Assert.True(await _gateways[1].RegisterConsumerAsync(new ClientRegistration("c2", "10.0.0.8:1", LanguageCode.GO, 401, "gw-1"), new ConsumerData { GroupName = "G" }));

        var members = await _gateways[2].GetConsumersAsync("G");
        Assert.Equal([("c1", "gw-0"), ("c2", "gw-1")], members.Select(m => (m.Client.ClientId, m.Client.GatewayId)));
    }

    [Fact]
    public async Task Concurrent_sweeps_report_a_group_that_lost_a_member_once_between_them()
    {
        await _gateways[0].RegisterConsumerAsync(new ClientRegistration("c1", "10.0.0.7:1", LanguageCode.JAVA, 401, "gw-0"), new ConsumerData { GroupName = "G" });
        _time.Advance(TimeSpan.FromSeconds(121));

        var reports = await Task.WhenAll(_gateways.Select(g => g.ExpireClientsAsync(_time.GetUtcNow()).AsTask()));

        Assert.Equal(1, reports.Count(changed => changed.Contains("G")));
    }

    [Fact]
    public async Task A_message_published_by_one_gateway_reaches_the_subscribers_on_the_others()
    {
        var (second, third) = (new MessageCollector(), new MessageCollector());
        await using var s2 = await _gateways[1].SubscribeAsync("consumer-ids-changed", second.Handle);
        await using var s3 = await _gateways[2].SubscribeAsync("consumer-ids-changed", third.Handle);

        await _gateways[0].PublishAsync("consumer-ids-changed", "G"u8.ToArray());

        Assert.Equal("G", Encoding.UTF8.GetString(await second.NextAsync()));
        Assert.Equal("G", Encoding.UTF8.GetString(await third.NextAsync()));
    }

    [Fact]
    public async Task Restoring_an_offset_never_overwrites_a_newer_commit()
    {
        await _gateways[0].CommitOffsetAsync("broker-a", "G", "T", 0, 50);

        Assert.False(await _gateways[1].RestoreOffsetAsync("broker-a", "G", "T", 0, 40));
        Assert.True(await _gateways[1].RestoreOffsetAsync("broker-a", "G", "T", 1, 7));

        Assert.Equal(50, await _gateways[2].GetOffsetAsync("broker-a", "G", "T", 0));
        Assert.Equal(7, await _gateways[2].GetOffsetAsync("broker-a", "G", "T", 1));
        Assert.Equal(["G"], await _gateways[2].GetGroupsWithOffsetsAsync("T"));
    }

    [Fact]
    public async Task Restoring_a_group_keeps_one_written_since()
    {
        await _gateways[0].PutGroupAsync(new SubscriptionGroupConfig { GroupName = "G", RetryMaxTimes = 3 });

        var inForce = await _gateways[1].GetOrAddGroupAsync(new SubscriptionGroupConfig { GroupName = "G", RetryMaxTimes = 16 });

        Assert.Equal(3, inForce.RetryMaxTimes);
        Assert.Equal(5, (await _gateways[1].GetOrAddGroupAsync(new SubscriptionGroupConfig { GroupName = "H", RetryMaxTimes = 5 })).RetryMaxTimes);
    }

    [Fact]
    public async Task The_seed_marker_is_shared()
    {
        await _gateways[0].MarkSeededAsync();

        Assert.True(await _gateways[3].IsSeededAsync());
    }
}
