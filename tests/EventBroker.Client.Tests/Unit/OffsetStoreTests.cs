using System.Text;
using EventBroker.Client.Internal.Consuming;
using Microsoft.Extensions.Logging.Abstractions;

namespace EventBroker.Client.Tests.Unit;

/// <summary>The broadcasting offset file: Java's format, written whole, read back by the next start.</summary>
public sealed class OffsetStoreTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "eb-offsets-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Offsets_survive_a_restart_in_the_java_clients_format()
    {
        var a = new MessageQueue("T", "broker-a", 0);
        var b = new MessageQueue("T", "broker-a", 1);
        var store = new LocalFileOffsetStore(_directory, "10.0.0.1@app", "g", NullLogger.Instance);
        store.Update(a, 42, increaseOnly: false);
        store.Update(b, 7, increaseOnly: false);
        store.Update(b, 5, increaseOnly: true);
        await store.PersistAllAsync([a, b], final: true, CancellationToken.None);

        var json = Encoding.UTF8.GetString(await File.ReadAllBytesAsync(store.FilePath));
        Assert.Contains("{\"brokerName\":\"broker-a\",\"queueId\":0,\"topic\":\"T\"}:42", json, StringComparison.Ordinal);
        Assert.EndsWith(Path.Combine("10.0.0.1@app", "g", "offsets.json"), store.FilePath, StringComparison.Ordinal);

        var restarted = new LocalFileOffsetStore(_directory, "10.0.0.1@app", "g", NullLogger.Instance);
        await restarted.LoadAsync(CancellationToken.None);
        Assert.Equal(42, await restarted.ReadFromStoreAsync(a, CancellationToken.None));
        Assert.Equal(7, restarted.ReadFromMemory(b));
        Assert.Equal(-1, restarted.ReadFromMemory(new MessageQueue("T", "broker-a", 2)));
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
