using System.Text;
using System.Text.Json;
using EventBroker.Protocol;
using EventBroker.Protocol.Bodies;
using EventBroker.Routing.Redis;
using EventBroker.Routing.Redis.Resp;
using EventBroker.Routing.Tests.Redis.Support;
using EventBroker.Routing.Tests.Support;

namespace EventBroker.Routing.Tests.Redis.Store;

/// <summary>The keys, types, values and TTLs that docs/redis.md promises operators, read back with a plain connection.</summary>
[Collection(RedisCollection.Name)]
public sealed class RedisRoutingStoreLayoutTests(RedisServerFixture fixture) : IAsyncLifetime
{
    private readonly string _prefix = $"{fixture.RunPrefix}layout-{Guid.NewGuid():N}:";
    private readonly ManualTimeProvider _time = new();
    private RedisRoutingStore _store = null!;
    private RedisConnection _redis = null!;

    public async Task InitializeAsync()
    {
        _store = await RedisRoutingStore.ConnectAsync(new RedisRoutingOptions { Configuration = fixture.Server.Configuration, KeyPrefix = _prefix, TimeProvider = _time });
        _redis = await RedisConnection.ConnectAsync(fixture.Options);
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        await _redis.DisposeAsync();
    }

    private async Task<string> TypeAsync(string key) => (await _redis.ExecuteAsync("TYPE", _prefix + key)).AsString()!;

    private async Task<long> TtlMsAsync(string key) => (await _redis.ExecuteAsync("PTTL", _prefix + key)).AsInt64();

    private static long Micros(DateTimeOffset time) => (time - DateTimeOffset.UnixEpoch).Ticks / 10;

    [Fact]
    public void Default_prefix_is_the_cluster_name_as_a_hash_tag()
    {
        Assert.Equal("eventbroker:{DefaultCluster}:", new RedisRoutingOptions().EffectiveKeyPrefix);
        Assert.Equal("eventbroker:{prod}:", new RedisRoutingOptions { ClusterName = "prod" }.EffectiveKeyPrefix);
        Assert.Equal("custom:", new RedisRoutingOptions { ClusterName = "prod", KeyPrefix = "custom:" }.EffectiveKeyPrefix);
    }

    [Fact]
    public async Task Topics_and_groups_are_hashes_of_camel_case_json_without_ttl()
    {
        await _store.PutTopicAsync(new TopicConfig { TopicName = "T", ReadQueueNums = 8, WriteQueueNums = 8, TopicFilterType = TopicFilterType.MULTI_TAG });
        await _store.PutGroupAsync(new SubscriptionGroupConfig { GroupName = "G" });

        Assert.Equal(("hash", "hash"), (await TypeAsync("topics"), await TypeAsync("groups")));
        Assert.Equal((-1, -1), (await TtlMsAsync("topics"), await TtlMsAsync("groups")));
        using var topic = JsonDocument.Parse((await _redis.ExecuteAsync("HGET", _prefix + "topics", "T")).AsString()!);
        Assert.Equal(8, topic.RootElement.GetProperty("readQueueNums").GetInt32());
        Assert.Equal("MULTI_TAG", topic.RootElement.GetProperty("topicFilterType").GetString());
        using var group = JsonDocument.Parse((await _redis.ExecuteAsync("HGET", _prefix + "groups", "G")).AsString()!);
        Assert.Equal("G", group.RootElement.GetProperty("groupName").GetString());
    }

    [Fact]
    public async Task Offsets_are_a_hash_per_group_with_an_index_per_topic()
    {
        await _store.CommitOffsetAsync("broker-a", "G", "T", 3, 42);

        Assert.Equal("hash", await TypeAsync("offsets:G"));
        Assert.Equal(42, (await _redis.ExecuteAsync("HGET", _prefix + "offsets:G", "3@broker-a@T")).AsInt64());
        Assert.Equal("set", await TypeAsync("offset-groups:T"));
        Assert.Equal(1, (await _redis.ExecuteAsync("SISMEMBER", _prefix + "offset-groups:T", "G")).AsInt64());
        Assert.Equal(-1, await TtlMsAsync("offsets:G"));
    }

    [Fact]
    public async Task Offsets_of_the_older_field_form_are_the_first_brokers_until_a_commit_replaces_them()
    {
        // What a version without per-broker offsets left in Redis: "<queueId>@<topic>" fields.
        await _redis.ExecuteAsync("HSET", _prefix + "offsets:OldG", "0@T", "12", "1@T", "7");
        await _redis.ExecuteAsync("SADD", _prefix + "offset-groups:T", "OldG");

        Assert.Equal(12, await _store.GetOffsetAsync("broker-a", "OldG", "T", 0));
        Assert.Null(await _store.GetOffsetAsync("broker-b", "OldG", "T", 0));
        Assert.Equal(new Dictionary<MessageQueue, long> { [new("T", "broker-a", 0)] = 12, [new("T", "broker-a", 1)] = 7 },
            await _store.GetGroupOffsetsAsync("OldG"));
        Assert.False(await _store.RestoreOffsetAsync("broker-a", "OldG", "T", 1, 3), "the older field counts as a commit a restore must not overwrite");

        await _store.CommitOffsetAsync("broker-a", "OldG", "T", 0, 13);
        await _store.CommitOffsetAsync("broker-b", "OldG", "T", 0, 99);

        Assert.True((await _redis.ExecuteAsync("HGET", _prefix + "offsets:OldG", "0@T")).IsNull, "the commit replaced the older field");
        Assert.Equal(13, await _store.GetOffsetAsync("broker-a", "OldG", "T", 0));
        Assert.Equal(7, await _store.GetOffsetAsync("broker-a", "OldG", "T", 1));
        Assert.Equal(99, await _store.GetOffsetAsync("broker-b", "OldG", "T", 0));
        Assert.Equal(3, (await _store.GetGroupOffsetsAsync("OldG")).Count);

        await _store.DeleteOffsetsAsync("OldG", "T");
        Assert.Empty(await _store.GetGroupOffsetsAsync("OldG"));
        Assert.Equal(0, (await _redis.ExecuteAsync("EXISTS", _prefix + "offsets:OldG")).AsInt64());
    }

    [Fact]
    public async Task Kv_config_is_a_hash_per_namespace()
    {
        await _store.PutKvConfigAsync("ORDER_TOPIC_CONFIG", "T", "broker-a:4");

        Assert.Equal("broker-a:4", (await _redis.ExecuteAsync("HGET", _prefix + "kv:ORDER_TOPIC_CONFIG", "T")).AsString());
    }

    [Fact]
    public async Task Consumers_keep_json_members_last_seen_scores_and_a_safety_ttl_past_the_expiry()
    {
        await _store.RegisterConsumerAsync(new ClientRegistration("c1", "10.0.0.7:1234", LanguageCode.JAVA, 401, "gw-1"), new ConsumerData { GroupName = "G" });

        Assert.Equal(("hash", "zset", "set"), (await TypeAsync("consumers:G"), await TypeAsync("consumer-seen:G"), await TypeAsync("consumer-groups")));
        using var member = JsonDocument.Parse((await _redis.ExecuteAsync("HGET", _prefix + "consumers:G", "c1")).AsString()!);
        Assert.Equal("gw-1", member.RootElement.GetProperty("client").GetProperty("gatewayId").GetString());
        Assert.Equal("JAVA", member.RootElement.GetProperty("client").GetProperty("language").GetString());
        Assert.Equal(Micros(_time.GetUtcNow()), (long)(await _redis.ExecuteAsync("ZSCORE", _prefix + "consumer-seen:G", "c1")).AsDouble());
        // 2 × 120 s: the sweep by the store clock decides expiry; the TTL only cleans up a group nobody sweeps.
        Assert.InRange(await TtlMsAsync("consumers:G"), 200_000, 240_000);
        Assert.InRange(await TtlMsAsync("consumer-seen:G"), 200_000, 240_000);
    }

    [Fact]
    public async Task Producers_mirror_consumers()
    {
        await _store.RegisterProducerAsync(new ClientRegistration("p1", "10.0.0.7:1234", LanguageCode.GO, 401, "gw-2"), "PG");

        Assert.Equal(("hash", "zset", "set"), (await TypeAsync("producers:PG"), await TypeAsync("producer-seen:PG"), await TypeAsync("producer-groups")));
    }

    [Fact]
    public async Task Gateway_record_is_a_string_with_its_expiry_inside_and_a_ttl_of_twice_its_lifetime()
    {
        await _store.RegisterGatewayAsync(new GatewayRecord("gw-1", "10.0.0.1", 9876, 10911, 8080, _time.GetUtcNow()), TimeSpan.FromSeconds(120));

        Assert.Equal(("string", "set"), (await TypeAsync("gateway:gw-1"), await TypeAsync("gateways")));
        using var record = JsonDocument.Parse((await _redis.ExecuteAsync("GET", _prefix + "gateway:gw-1")).AsString()!);
        Assert.Equal(_time.GetUtcNow().AddSeconds(120), record.RootElement.GetProperty("expiresAt").GetDateTimeOffset());
        Assert.Equal(10911, record.RootElement.GetProperty("record").GetProperty("listenPort").GetInt32());
        Assert.InRange(await TtlMsAsync("gateway:gw-1"), 200_000, 240_000);
    }

    [Fact]
    public async Task Queue_lock_field_is_the_queue_as_json_and_its_value_the_expiry_and_holder()
    {
        await _store.TryLockQueuesAsync("G", "c1", [new MessageQueue("T", "broker-a", 0)], TimeSpan.FromSeconds(60));

        var value = (await _redis.ExecuteAsync("HGET", _prefix + "locks:G", """["T","broker-a","0"]""")).AsString();
        Assert.Equal($"{Micros(_time.GetUtcNow().AddSeconds(60))}:c1", value);
        // 60 s + the one-minute minimum slack.
        Assert.InRange(await TtlMsAsync("locks:G"), 100_000, 120_000);
    }

    [Fact]
    public async Task Lease_is_a_hash_and_its_token_counter_has_no_ttl()
    {
        var token = await _store.TryAcquireLeaseAsync("schedule", "gw-1", TimeSpan.FromSeconds(30));

        Assert.Equal("hash", await TypeAsync("lease:schedule"));
        var fields = await _redis.ExecuteAsync("HMGET", _prefix + "lease:schedule", "holder", "token", "expires");
        Assert.Equal(["gw-1", token.ToString(), Micros(_time.GetUtcNow().AddSeconds(30)).ToString()], fields.Items.Select(i => i.AsString()));
        Assert.Equal(token, (await _redis.ExecuteAsync("GET", _prefix + "lease-token:schedule")).AsInt64());
        Assert.Equal(-1, await TtlMsAsync("lease-token:schedule"));
        Assert.InRange(await TtlMsAsync("lease:schedule"), 60_000, 90_000);
    }

    [Fact]
    public async Task Channels_are_redis_channels_under_the_prefix()
    {
        await using var subscriber = await RedisSubscriber.ConnectAsync(fixture.Options);
        var raw = new MessageCollector();
        await using var subscription = await subscriber.SubscribeAsync(_prefix + "channel:consumer-ids-changed", raw.Handle);

        await _store.PublishAsync("consumer-ids-changed", "G"u8.ToArray());

        Assert.Equal("G", Encoding.UTF8.GetString(await raw.NextAsync()));
    }

    [Fact]
    public async Task Seed_marker_is_a_string_with_the_time_it_was_set()
    {
        Assert.False(await _store.IsSeededAsync());

        await _store.MarkSeededAsync();

        Assert.True(await _store.IsSeededAsync());
        Assert.Equal(_time.GetUtcNow(), DateTimeOffset.Parse((await _redis.ExecuteAsync("GET", _prefix + "seeded")).AsString()!, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Description_names_the_server_database_and_prefix()
        => Assert.Equal($"Redis routing store ({fixture.Server.Configuration}, db 0, keys {_prefix}*)", _store.Description);
}
