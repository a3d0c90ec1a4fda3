using System.Text;

namespace EventBroker.Storage.Tests.Conformance;

/// <summary>
/// The IStreamStore contract, written once and run against every implementation: subclass it and create the store.
/// Each test gets a new store from <see cref="CreateStoreAsync"/> and names its streams with a suffix of its own,
/// so a store backed by a shared server can run the suite without cleanup. Durability tests run only where
/// <see cref="SupportsReopen"/> is true; elsewhere they pass without checking anything.
/// </summary>
public abstract partial class StreamStoreConformance : IAsyncLifetime
{
    private readonly string _suffix = Guid.NewGuid().ToString("N")[..12];

    protected IStreamStore Store { get; private set; } = null!;

    protected abstract Task<IStreamStore> CreateStoreAsync();

    /// <summary>True when the implementation can reopen its durable state; enables the durability tests.</summary>
    protected virtual bool SupportsReopen => false;

    /// <summary>Opens a new store over the durable state of the one just disposed.</summary>
    protected virtual Task<IStreamStore> ReopenStoreAsync()
        => throw new NotSupportedException("Override SupportsReopen and ReopenStoreAsync together.");

    public async Task InitializeAsync() => Store = await CreateStoreAsync();

    public virtual async Task DisposeAsync() => await Store.DisposeAsync();

    /// <summary>A stream name unique to this test.</summary>
    protected string StreamName(string label = "s") => $"{label}-{_suffix}";

    protected async Task ReopenAsync()
    {
        await Store.DisposeAsync();
        Store = await ReopenStoreAsync();
    }

    protected static long NowMs => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    protected static EventToAppend Event(string text, long? timestampMs = null)
        => new(Guid.NewGuid(), Encoding.UTF8.GetBytes(text), timestampMs ?? NowMs);

    protected static EventToAppend[] Events(int count, string label = "e", long? timestampMs = null)
        => Enumerable.Range(0, count).Select(i => Event($"{label}{i}", timestampMs)).ToArray();

    protected static string Text(EventBatch batch, int index) => Encoding.UTF8.GetString(batch.GetData(index).Span);

    protected static string Text(StoredEvent e) => Encoding.UTF8.GetString(e.Data.Span);

    protected ValueTask<AppendResult> AppendAsync(string stream, params EventToAppend[] events) => Store.AppendAsync(stream, events);

    /// <summary>Every event of a stream from <paramref name="from"/> on, read in pages as a consumer would.</summary>
    protected async Task<List<ReadEvent>> ReadAllAsync(string stream, long from = 0, int pageSize = 100)
    {
        var events = new List<ReadEvent>();
        while (true)
        {
            using var batch = await Store.ReadForwardAsync(stream, from, pageSize);
            if (batch.Count == 0)
            {
                return events;
            }
            for (var i = 0; i < batch.Count; i++)
            {
                var e = batch.Entries[i];
                events.Add(new ReadEvent(e.Revision, e.Position, e.TimestampMs, e.EventId, batch.GetData(i).ToArray()));
            }
            from = batch.Entries[batch.Count - 1].Revision + 1;
        }
    }

    protected sealed record ReadEvent(long Revision, long Position, long TimestampMs, Guid EventId, byte[] Data)
    {
        public string Text => Encoding.UTF8.GetString(Data);
    }
}
