using EventBroker.Protocol.Bodies;
using EventBroker.Routing.InProcess;
using EventBroker.Routing.Tests.Support;
using Microsoft.Extensions.Logging;

namespace EventBroker.Routing.Tests.InProcess;

/// <summary>
/// A write that fails (simulated by a directory squatting on the temporary file's name) is logged with the file's
/// path and retried; changes are never dropped silently.
/// </summary>
public sealed class WriteFailureTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly ManualTimeProvider _time = new();
    private readonly ListLogger<InProcessRoutingStore> _logger = new();

    public void Dispose() => _directory.Dispose();

    private Task<InProcessRoutingStore> OpenAsync() => StoreFactory.OpenAsync(_directory.Path, _time, _logger);

    private bool LoggedErrorFor(string fileName)
        => _logger.Entries.Any(e => e.Level == LogLevel.Error && e.Message.Contains(_directory.File(fileName), StringComparison.Ordinal));

    [Fact]
    public async Task A_failed_metadata_write_fails_the_change_is_logged_and_retried_until_it_succeeds()
    {
        await using var store = await OpenAsync();
        var blocker = Directory.CreateDirectory(_directory.File("topics.json.tmp"));

        // The caller learns that its change is not durable yet.
        var failure = await Assert.ThrowsAsync<IOException>(() => store.PutTopicAsync(new TopicConfig { TopicName = "Retried" }).AsTask());
        Assert.Contains("topics.json", failure.Message, StringComparison.Ordinal);
        await Eventually.AssertAsync(() => LoggedErrorFor("topics.json"), "the failed write to be logged");

        blocker.Delete();
        await Eventually.AssertAsync(() =>
        {
            _time.Advance(TimeSpan.FromSeconds(1)); // the retry waits on the store's clock
            return File.Exists(_directory.File("topics.json")) && File.ReadAllText(_directory.File("topics.json")).Contains("Retried", StringComparison.Ordinal);
        }, "the retry to write topics.json");
    }

    [Fact]
    public async Task Metadata_changes_are_on_disk_when_they_complete()
    {
        await using var store = await OpenAsync();
        await store.PutTopicAsync(new TopicConfig { TopicName = "Durable" });
        Assert.Contains("Durable", File.ReadAllText(_directory.File("topics.json")), StringComparison.Ordinal);
        await store.GetOrAddTopicAsync(new TopicConfig { TopicName = "AutoCreated" });
        Assert.Contains("AutoCreated", File.ReadAllText(_directory.File("topics.json")), StringComparison.Ordinal);
        await store.PutGroupAsync(new SubscriptionGroupConfig { GroupName = "DurableGroup" });
        Assert.Contains("DurableGroup", File.ReadAllText(_directory.File("subscriptionGroup.json")), StringComparison.Ordinal);
        await store.PutKvConfigAsync("ns", "k", "durable-value");
        Assert.Contains("durable-value", File.ReadAllText(_directory.File("kvConfig.json")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failed_offset_flush_is_logged_and_the_offsets_stay_dirty()
    {
        await using (var store = await OpenAsync())
        {
            var blocker = Directory.CreateDirectory(_directory.File("consumerOffset.json.tmp"));
            await store.CommitOffsetAsync("broker-a", "g", "T", 0, 77);

            await Eventually.AssertAsync(() =>
            {
                _time.Advance(TimeSpan.FromSeconds(1));
                return LoggedErrorFor("consumerOffset.json");
            }, "the failed flush to be logged");
            blocker.Delete();
        }

        await using var reopened = await OpenAsync();
        Assert.Equal(77, await reopened.GetOffsetAsync("broker-a", "g", "T", 0));
    }

    [Fact]
    public async Task A_failed_final_flush_makes_DisposeAsync_throw_naming_the_directory_and_still_releases_it()
    {
        var store = await OpenAsync();
        Directory.CreateDirectory(_directory.File("consumerOffset.json.tmp"));
        await store.CommitOffsetAsync("broker-a", "g", "T", 0, 5);

        var error = await Assert.ThrowsAsync<IOException>(() => store.DisposeAsync().AsTask());

        Assert.Contains(_directory.Path, error.Message, StringComparison.Ordinal);
        Assert.True(LoggedErrorFor("consumerOffset.json"));
        Directory.Delete(_directory.File("consumerOffset.json.tmp"));
        await using var reopened = await OpenAsync();
    }
}
