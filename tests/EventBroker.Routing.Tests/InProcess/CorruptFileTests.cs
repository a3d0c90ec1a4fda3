using EventBroker.Protocol.Bodies;
using EventBroker.Routing.InProcess;
using EventBroker.Routing.Tests.Support;
using Microsoft.Extensions.Logging;

namespace EventBroker.Routing.Tests.InProcess;

/// <summary>Damaged state files: recover from the .bak when possible, otherwise refuse to start and say what to do.</summary>
public sealed class CorruptFileTests : IDisposable
{
    private const string Topics = """{"topicConfigTable":{"FromBackup":{"topicName":"FromBackup","readQueueNums":3,"writeQueueNums":3}}}""";

    private readonly TempDirectory _directory = new();
    private readonly ListLogger<InProcessRoutingStore> _logger = new();

    public void Dispose() => _directory.Dispose();

    private Task<InProcessRoutingStore> OpenAsync() => StoreFactory.OpenAsync(_directory.Path, logger: _logger);

    private string PathOf(string name) => _directory.File(name);

    [Theory]
    [InlineData("{\"topicConfigTable\":{\"T\":")]
    [InlineData("not json at all")]
    [InlineData("")]
    [InlineData("null")]
    [InlineData("{\"topicConfigTable\":{\"T\":null}}")]
    public async Task Corrupt_main_file_falls_back_to_the_backup_and_warns_naming_the_file(string damaged)
    {
        File.WriteAllText(PathOf("topics.json"), damaged);
        File.WriteAllText(PathOf("topics.json.bak"), Topics);

        await using var store = await OpenAsync();

        Assert.Equal(3, (await store.GetTopicAsync("FromBackup"))!.ReadQueueNums);
        var warning = Assert.Single(_logger.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains(PathOf("topics.json") + " ", StringComparison.Ordinal));
        Assert.Contains("topics.json.bak", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Recovery_restores_the_main_file_and_keeps_the_damaged_one_for_inspection()
    {
        File.WriteAllText(PathOf("topics.json"), "garbage");
        File.WriteAllText(PathOf("topics.json.bak"), Topics);

        await using (await OpenAsync())
        {
        }

        Assert.Equal(Topics, File.ReadAllText(PathOf("topics.json")));
        Assert.Equal(Topics, File.ReadAllText(PathOf("topics.json.bak")));
        Assert.Equal("garbage", File.ReadAllText(PathOf("topics.json.corrupt")));
    }

    [Fact]
    public async Task After_recovery_the_next_write_keeps_a_good_backup()
    {
        File.WriteAllText(PathOf("topics.json"), "garbage");
        File.WriteAllText(PathOf("topics.json.bak"), Topics);

        await using (var store = await OpenAsync())
        {
            await store.PutTopicAsync(new TopicConfig { TopicName = "Later" });
        }

        Assert.Contains("FromBackup", File.ReadAllText(PathOf("topics.json.bak")), StringComparison.Ordinal);
        Assert.Contains("Later", File.ReadAllText(PathOf("topics.json")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_real_rewrite_then_corruption_recovers_the_previous_version()
    {
        await using (var store = await OpenAsync())
        {
            await store.CommitOffsetAsync("broker-a", "g", "T", 0, 1);
        }
        await using (var store = await OpenAsync())
        {
            await store.CommitOffsetAsync("broker-a", "g", "T", 0, 2);
        }
        File.WriteAllBytes(PathOf("consumerOffset.json"), [0x7B, 0x00, 0xFF]);

        await using var reopened = await OpenAsync();

        Assert.Equal(1, await reopened.GetOffsetAsync("broker-a", "g", "T", 0));
    }

    [Fact]
    public async Task Missing_main_file_with_a_backup_loads_the_backup()
    {
        File.WriteAllText(PathOf("kvConfig.json.bak"), """{"configTable":{"ns":{"k":"v"}}}""");

        await using var store = await OpenAsync();

        Assert.Equal("v", await store.GetKvConfigAsync("ns", "k"));
        Assert.True(File.Exists(PathOf("kvConfig.json")));
    }

    [Fact]
    public async Task Corrupt_main_file_without_a_backup_refuses_to_open_naming_the_file_and_the_fix()
    {
        File.WriteAllText(PathOf("subscriptionGroup.json"), "{ broken");

        var error = await Assert.ThrowsAsync<InvalidDataException>(OpenAsync);

        Assert.Contains(PathOf("subscriptionGroup.json"), error.Message, StringComparison.Ordinal);
        Assert.Contains("subscriptionGroup.json.bak", error.Message, StringComparison.Ordinal);
        Assert.Contains("missing", error.Message, StringComparison.Ordinal);
        Assert.Contains("Restore the file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Corrupt_main_and_backup_refuse_to_open_and_leave_the_files_alone()
    {
        File.WriteAllText(PathOf("consumerOffset.json"), """{"offsetTable":{"no-separator":{"0":1}}}""");
        File.WriteAllText(PathOf("consumerOffset.json.bak"), "[]");

        var error = await Assert.ThrowsAsync<InvalidDataException>(OpenAsync);

        Assert.Contains(PathOf("consumerOffset.json"), error.Message, StringComparison.Ordinal);
        Assert.Contains("topic@group", error.Message, StringComparison.Ordinal);
        Assert.Contains("corrupt too", error.Message, StringComparison.Ordinal);
        Assert.Equal("[]", File.ReadAllText(PathOf("consumerOffset.json.bak")));
    }

    [Fact]
    public async Task A_failed_open_releases_the_directory_so_it_can_be_opened_once_fixed()
    {
        File.WriteAllText(PathOf("topics.json"), "{ broken");
        await Assert.ThrowsAsync<InvalidDataException>(OpenAsync);

        File.Delete(PathOf("topics.json"));

        await using var store = await OpenAsync();
        Assert.Empty(await store.GetTopicsAsync());
    }
}
