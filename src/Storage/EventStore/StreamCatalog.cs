using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using EventBroker.Storage.EventStore.Client;

namespace EventBroker.Storage.EventStore;

/// <summary>
/// The list of streams the store has written, kept in a stream of its own, because EventStoreDB has no cheap way to
/// list streams by prefix ($streams needs the system projections running). Before its first append to a stream, each
/// process records the stream's name there, so the list is never missing a stream that holds events. The event id
/// is derived from the name, so repeats within the server's idempotency window are not stored twice; older repeats
/// are, harmlessly (the reader keeps a set).
/// </summary>
internal sealed class StreamCatalog(IEventStoreClient client, string catalogStream)
{
    private const string EventType = "eventbroker.stream";
    private const int Page = 1000;
    private readonly ConcurrentDictionary<string, Task> _registered = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _readGate = new(1, 1);
    private readonly HashSet<string> _known = new(StringComparer.Ordinal);
    private long _nextToRead;

    public string Name => catalogStream;

    public async Task EnsureRegisteredAsync(string stream, CancellationToken ct)
    {
        var registration = _registered.GetOrAdd(stream, static (s, catalog) => catalog.Register(s), this);
        if (registration.IsCompletedSuccessfully)
        {
            return;
        }
        try
        {
            await registration.WaitAsync(ct).ConfigureAwait(false);
        }
        catch when (registration.IsFaulted || registration.IsCanceled)
        {
            // Forget a failed registration so the next append tries again.
            _registered.TryRemove(KeyValuePair.Create(stream, registration));
            throw;
        }
    }

    /// <summary>Every stream recorded so far whose name starts with <paramref name="prefix"/>.</summary>
    public async Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken ct)
    {
        await _readGate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            while (true)
            {
                var read = await client.ReadAsync(StreamsRequests.ReadStream(catalogStream, (ulong)_nextToRead, backwards: false, Page), long.MaxValue, fromLeader: false, ct)
                    .ConfigureAwait(false);
                foreach (var e in read.Events)
                {
                    _known.Add(e.Data.ToStringUtf8());
                    _nextToRead = (long)e.StreamRevision + 1;
                }
                if (read.Events.Count < Page)
                {
                    break;
                }
            }
            return _known.Where(s => s.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        }
        finally
        {
            _readGate.Release();
        }
    }

    /// <summary>A stable id per name (a name-based UUID, version 5 layout over SHA-256).</summary>
    public static Guid IdOf(string stream)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes("eventbroker-stream:" + stream), hash);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16], bigEndian: true);
    }

    // Not tied to one caller's token: concurrent first appends share it.
    private Task Register(string stream)
        => client.AppendAsync(catalogStream, ExpectedRevision.Any,
            [new ProposedEvent(IdOf(stream), EventType, EventRecordFormat.ContentType, default, Encoding.UTF8.GetBytes(stream))], CancellationToken.None);
}
