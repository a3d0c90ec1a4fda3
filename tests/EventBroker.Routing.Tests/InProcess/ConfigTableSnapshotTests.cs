using EventBroker.Protocol.Bodies;
using EventBroker.Routing.InProcess;

namespace EventBroker.Routing.Tests.InProcess;

/// <summary>
/// The persister snapshots the topic table while sends auto-create topics. A snapshot that sized its result from the
/// table's count and then filled it while the table grew failed with "Index was outside the bounds of the array",
/// which surfaced as a failed topic creation (code 1, "could not write topics.json").
/// </summary>
public sealed class ConfigTableSnapshotTests
{
    [Fact]
    public async Task Snapshots_taken_while_topics_are_added_and_deleted_never_fail_and_stay_ordered()
    {
        var table = new ConfigTable<TopicConfig>(t => t.TopicName, t => t.Clone(), TimeProvider.System, () => { });
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        var writers = Enumerable.Range(0, 4).Select(w => Task.Run(() =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                table.Put(new TopicConfig { TopicName = $"T{w}_{i % 500}" });
                if (i % 3 == 0)
                {
                    table.Delete($"T{w}_{(i / 3) % 500}");
                }
            }
        })).ToArray();

        var snapshots = 0;
        while (!stop.IsCancellationRequested)
        {
            var snapshot = table.Snapshot();
            Assert.Equal(snapshot.Select(t => t.TopicName).Order(StringComparer.Ordinal), snapshot.Select(t => t.TopicName));
            snapshots++;
        }
        await Task.WhenAll(writers);
        Assert.True(snapshots > 10, $"only {snapshots} snapshots ran");
    }
}
