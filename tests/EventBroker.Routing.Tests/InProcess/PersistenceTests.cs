using System.Text.Json;
using EventBroker.Protocol.Bodies;
using EventBroker.Routing.InProcess;
using EventBroker.Routing.Tests.Support;

namespace EventBroker.Routing.Tests.InProcess;

/// <summary>What lands on disk, when, and in which shape (RocketMQ's file names and JSON layout).</summary>
public sealed class PersistenceTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly ManualTimeProvider _time = new();

    public void Dispose() => _directory.Dispose();

    private Task<InProcessRoutingStore> OpenAsync() => StoreFactory.OpenAsync(_directory.Path, _time);

    private JsonElement ReadJson(string fileName) => JsonDocument.Parse(File.ReadAllBytes(_directory.File(fileName))).RootElement;

    private bool FileContains(string fileName, string text)
    {
        try
        {
            return File.Exists(_directory.File(fileName)) && File.ReadAllText(_directory.File(fileName)).Contains(text, StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false; // being replaced right now
        }
    }

    [Fact]
    public async Task Topics_file_has_the_RocketMQ_shape()
    {
        await using (var store = await OpenAsync())
        {
            await store.PutTopicAsync(new TopicConfig { TopicName = "T", ReadQueueNums = 4, WriteQueueNums = 2, Perm = 6, Order = true });
        }

        var root = ReadJson("topics.json");
        var topic = root.GetProperty("topicConfigTable").GetProperty("T");
        Assert.Equal("T", topic.GetProperty("topicName").GetString());
        Assert.Equal(4, topic.GetProperty("readQueueNums").GetInt32());
        Assert.Equal(2, topic.GetProperty("writeQueueNums").GetInt32());
        Assert.Equal(6, topic.GetProperty("perm").GetInt32());
        Assert.Equal("SINGLE_TAG", topic.GetProperty("topicFilterType").GetString());
        Assert.Equal(0, topic.GetProperty("topicSysFlag").GetInt32());
        Assert.True(topic.GetProperty("order").GetBoolean());
        Assert.Equal(1, root.GetProperty("dataVersion").GetProperty("counter").GetInt64());
        Assert.Equal(_time.GetUtcNow().ToUnixTimeMilliseconds(), root.GetProperty("dataVersion").GetProperty("timestamp").GetInt64());
    }

    [Fact]
    public async Task SubscriptionGroup_file_has_the_RocketMQ_shape()
    {
        await using (var store = await OpenAsync())
        {
            await store.PutGroupAsync(new SubscriptionGroupConfig { GroupName = "g", RetryMaxTimes = 3 });
        }

        var group = ReadJson("subscriptionGroup.json").GetProperty("subscriptionGroupTable").GetProperty("g");
        Assert.Equal("g", group.GetProperty("groupName").GetString());
        Assert.Equal(3, group.GetProperty("retryMaxTimes").GetInt32());
        Assert.Equal(1, group.GetProperty("retryQueueNums").GetInt32());
        Assert.True(group.GetProperty("consumeEnable").GetBoolean());
        Assert.True(group.GetProperty("consumeFromMinEnable").GetBoolean());
        Assert.True(group.GetProperty("consumeBroadcastEnable").GetBoolean());
        Assert.True(group.GetProperty("notifyConsumerIdsChangedEnable").GetBoolean());
        Assert.Equal(0, group.GetProperty("brokerId").GetInt64());
        Assert.Equal(1, group.GetProperty("whichBrokerWhenConsumeSlowly").GetInt64());
        Assert.True(ReadJson("subscriptionGroup.json").TryGetProperty("dataVersion", out _));
    }

    [Fact]
    public async Task ConsumerOffset_file_has_the_RocketMQ_table_of_each_logical_broker()
    {
        await using (var store = await OpenAsync())
        {
            await store.CommitOffsetAsync("broker-a", "g", "T", 0, 12);
            await store.CommitOffsetAsync("broker-a", "g", "T", 1, 7);
            await store.CommitOffsetAsync("broker-a", "%RETRY%g", "%RETRY%g", 0, 3);
            await store.CommitOffsetAsync("broker-b", "g", "T", 0, 40);
        }

        var root = ReadJson("consumerOffset.json");
        Assert.False(root.TryGetProperty("offsetTable", out _), "the older single table is only read, never written");
        var a = root.GetProperty("brokerOffsetTable").GetProperty("broker-a");
        Assert.Equal(12, a.GetProperty("T@g").GetProperty("0").GetInt64());
        Assert.Equal(7, a.GetProperty("T@g").GetProperty("1").GetInt64());
        Assert.Equal(3, a.GetProperty("%RETRY%g@%RETRY%g").GetProperty("0").GetInt64());
        Assert.Equal(40, root.GetProperty("brokerOffsetTable").GetProperty("broker-b").GetProperty("T@g").GetProperty("0").GetInt64());
    }

    [Fact]
    public async Task ConsumerOffset_file_of_the_older_single_table_is_read_as_the_first_brokers()
    {
        // consumerOffset.json as a version without per-broker offsets wrote it (a data directory upgraded in place).
        File.WriteAllText(_directory.File("consumerOffset.json"), """{"offsetTable":{"T@g":{"0":12,"1":7}}}""");

        await using (var store = await OpenAsync())
        {
            Assert.Equal(12, await store.GetOffsetAsync("broker-a", "g", "T", 0));
            Assert.Equal(7, await store.GetOffsetAsync("broker-a", "g", "T", 1));
            Assert.Null(await store.GetOffsetAsync("broker-b", "g", "T", 0));
            await store.CommitOffsetAsync("broker-a", "g", "T", 0, 13);
        }

        await using var reopened = await OpenAsync();
        Assert.Equal(13, await reopened.GetOffsetAsync("broker-a", "g", "T", 0));
        Assert.Equal(7, await reopened.GetOffsetAsync("broker-a", "g", "T", 1));
        Assert.False(ReadJson("consumerOffset.json").TryGetProperty("offsetTable", out _));
    }

    [Fact]
    public async Task KvConfig_file_has_the_RocketMQ_shape()
    {
        await using (var store = await OpenAsync())
        {
            await store.PutKvConfigAsync("ORDER_TOPIC_CONFIG", "T", "broker-a:4");
        }

        var value = ReadJson("kvConfig.json").GetProperty("configTable").GetProperty("ORDER_TOPIC_CONFIG").GetProperty("T");
        Assert.Equal("broker-a:4", value.GetString());
    }

    [Fact]
    public async Task Metadata_changes_are_written_soon_without_closing_the_store()
    {
        await using var store = await OpenAsync();

        await store.PutTopicAsync(new TopicConfig { TopicName = "Prompt" });
        await store.PutGroupAsync(new SubscriptionGroupConfig { GroupName = "PromptGroup" });
        await store.PutKvConfigAsync("ns", "PromptKey", "v");

        await Eventually.AssertAsync(() => FileContains("topics.json", "Prompt"), "topics.json to hold the topic");
        await Eventually.AssertAsync(() => FileContains("subscriptionGroup.json", "PromptGroup"), "subscriptionGroup.json to hold the group");
        await Eventually.AssertAsync(() => FileContains("kvConfig.json", "PromptKey"), "kvConfig.json to hold the key");
    }

    [Fact]
    public async Task Offsets_are_written_when_the_flush_interval_passes()
    {
        await using var store = await OpenAsync();
        await store.CommitOffsetAsync("broker-a", "g", "T", 0, 4242);
        await Task.Delay(200);
        Assert.False(File.Exists(_directory.File("consumerOffset.json")), "offsets are batched, not written per commit");

        _time.Advance(TimeSpan.FromSeconds(1));

        await Eventually.AssertAsync(() => FileContains("consumerOffset.json", "4242"), "consumerOffset.json after one flush interval");
    }

    [Fact]
    public async Task Rewriting_a_file_keeps_the_previous_version_as_bak()
    {
        await using var store = await OpenAsync();
        await store.PutTopicAsync(new TopicConfig { TopicName = "First" });
        await Eventually.AssertAsync(() => FileContains("topics.json", "First"), "the first write");

        await store.PutTopicAsync(new TopicConfig { TopicName = "Second" });
        await Eventually.AssertAsync(() => FileContains("topics.json", "Second"), "the second write");

        Assert.True(FileContains("topics.json.bak", "First"));
        Assert.False(FileContains("topics.json.bak", "Second"));
        Assert.False(File.Exists(_directory.File("topics.json.tmp")));
    }

    [Fact]
    public async Task Reopen_keeps_the_data_version_counter_running()
    {
        await using (var store = await OpenAsync())
        {
            await store.PutTopicAsync(new TopicConfig { TopicName = "A" });
            await store.PutTopicAsync(new TopicConfig { TopicName = "B" });
        }
        await using (var store = await OpenAsync())
        {
            await store.DeleteTopicAsync("A");
        }

        Assert.Equal(3, ReadJson("topics.json").GetProperty("dataVersion").GetProperty("counter").GetInt64());
    }

    [Fact]
    public async Task Reopen_without_changes_rewrites_nothing()
    {
        await using (var store = await OpenAsync())
        {
            await store.PutTopicAsync(new TopicConfig { TopicName = "A" });
            await store.CommitOffsetAsync("broker-a", "g", "A", 0, 1);
        }
        var written = File.GetLastWriteTimeUtc(_directory.File("topics.json"));
        File.SetLastWriteTimeUtc(_directory.File("topics.json"), written.AddHours(-1));
        File.SetLastWriteTimeUtc(_directory.File("consumerOffset.json"), written.AddHours(-1));

        await using (var store = await OpenAsync())
        {
            Assert.NotNull(await store.GetTopicAsync("A"));
        }

        Assert.Equal(written.AddHours(-1), File.GetLastWriteTimeUtc(_directory.File("topics.json")));
        Assert.Equal(written.AddHours(-1), File.GetLastWriteTimeUtc(_directory.File("consumerOffset.json")));
    }

    [Fact]
    public async Task Files_written_by_hand_load_with_model_defaults_for_missing_fields()
    {
        // Unknown fields (newer RocketMQ versions add some) are ignored; enums may be names or ordinals.
        File.WriteAllText(_directory.File("topics.json"), """
            {"topicConfigTable":{"T":{"topicName":"T","readQueueNums":2,"attributes":{}},"U":{"topicFilterType":1}}}
            """);
        File.WriteAllText(_directory.File("subscriptionGroup.json"), """{"subscriptionGroupTable":{"g":{"retryMaxTimes":5}}}""");

        await using var store = await OpenAsync();

        var t = (await store.GetTopicAsync("T"))!;
        Assert.Equal((2, 16, Perm.ReadWrite, TopicFilterType.SINGLE_TAG), (t.ReadQueueNums, t.WriteQueueNums, t.Perm, t.TopicFilterType));
        var u = (await store.GetTopicAsync("U"))!;
        Assert.Equal(("U", TopicFilterType.MULTI_TAG), (u.TopicName, u.TopicFilterType));
        var g = (await store.GetGroupAsync("g"))!;
        Assert.Equal(("g", 5, 1, true), (g.GroupName, g.RetryMaxTimes, g.RetryQueueNums, g.ConsumeEnable));
    }

    [Fact]
    public async Task A_missing_directory_is_created()
    {
        var nested = Path.Combine(_directory.Path, "a", "b");

        await using (var store = await StoreFactory.OpenAsync(nested, _time))
        {
            await store.PutTopicAsync(new TopicConfig { TopicName = "T" });
        }

        Assert.True(File.Exists(Path.Combine(nested, "topics.json")));
    }

    [Fact]
    public async Task Memory_only_mode_writes_no_file()
    {
        string[] names = ["topics.json", "subscriptionGroup.json", "consumerOffset.json", "kvConfig.json", "routing.lock"];
        var places = new[] { Environment.CurrentDirectory, AppContext.BaseDirectory }.Distinct().ToArray();
        var before = places.SelectMany(p => names.Select(n => Path.Combine(p, n))).Where(File.Exists).ToList();

        var time = new ManualTimeProvider();
        await using (var store = await StoreFactory.OpenAsync(directory: null, time))
        {
            Assert.Contains("memory", store.Description, StringComparison.Ordinal);
            await store.PutTopicAsync(new TopicConfig { TopicName = "T" });
            await store.PutGroupAsync(new SubscriptionGroupConfig { GroupName = "g" });
            await store.CommitOffsetAsync("broker-a", "g", "T", 0, 1);
            await store.PutKvConfigAsync("ns", "k", "v");
            time.Advance(TimeSpan.FromSeconds(5));
        }

        var after = places.SelectMany(p => names.Select(n => Path.Combine(p, n))).Where(File.Exists).ToList();
        Assert.Equal(before, after);
    }

    [Fact]
    public async Task A_second_store_on_the_same_directory_is_refused_until_the_first_closes()
    {
        var first = await OpenAsync();

        var refused = await Assert.ThrowsAsync<IOException>(OpenAsync);
        Assert.Contains(_directory.Path, refused.Message, StringComparison.Ordinal);

        await first.DisposeAsync();
        await using var second = await OpenAsync();
        Assert.Contains(_directory.Path, second.Description, StringComparison.Ordinal);
    }
}
