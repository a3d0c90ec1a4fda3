using System.Buffers;
using EventBroker.Protocol.Json;
using Microsoft.Extensions.Logging;
using WireQueue = EventBroker.Protocol.Bodies.MessageQueue;

namespace EventBroker.Client.Internal.Consuming;

/// <summary>
/// Broadcasting offsets, kept by each member in <c>{dir}/{clientId}/{group}/offsets.json</c> (LocalFileOffsetStore) in
/// the Java client's format (fastjson, queues as object keys), written to a temporary file and moved into place so a
/// crash never leaves half a file.
/// </summary>
internal sealed class LocalFileOffsetStore : IOffsetStore
{
    private readonly OffsetTable _table = new();
    private readonly string _path;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _writing = new(1, 1);

    public LocalFileOffsetStore(string? directory, string clientId, string group, ILogger logger)
    {
        var root = directory ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".rocketmq_offsets");
        // The client id holds an IP and '@', both fine in paths; ':' (IPv6) is not everywhere.
        _path = Path.Combine(root, clientId.Replace(':', '_'), group, "offsets.json");
        _logger = logger;
    }

    public string FilePath => _path;

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(_path))
        {
            return;
        }
        try
        {
            var json = await File.ReadAllBytesAsync(_path, cancellationToken).ConfigureAwait(false);
            var root = FastJsonReader.Parse(json);
            if (!root.TryGetProperty("offsetTable", out var table))
            {
                return;
            }
            foreach (var member in table.Members)
            {
                var queue = member.Key.ToBody<WireQueue>();
                _table.Update(new MessageQueue(queue.Topic, queue.BrokerName, queue.QueueId), member.Value.GetInt64(), increaseOnly: false);
            }
        }
        catch (FormatException ex)
        {
            ClientLog.OffsetFileUnreadable(_logger, _path, ex.Message);
        }
    }

    public void Update(MessageQueue queue, long offset, bool increaseOnly) => _table.Update(queue, offset, increaseOnly);

    public long ReadFromMemory(MessageQueue queue) => _table.Read(queue);

    public Task<long> ReadFromStoreAsync(MessageQueue queue, CancellationToken cancellationToken) => Task.FromResult(_table.Read(queue));

    public async Task PersistAllAsync(IReadOnlyCollection<MessageQueue> queues, bool final, CancellationToken cancellationToken)
    {
        var offsets = new Dictionary<WireQueue, long>();
        foreach (var (queue, offset) in _table.Entries)
        {
            if (queues.Contains(queue))
            {
                offsets[new WireQueue(queue.Topic, queue.BrokerName, queue.QueueId)] = offset;
            }
        }
        if (offsets.Count == 0)
        {
            return;
        }
        var buffer = new ArrayBufferWriter<byte>(256);
        var writer = new FastJsonWriter(buffer);
        writer.WriteStartObject();
        writer.WritePropertyName("offsetTable");
        writer.WriteMap(offsets, WireQueue.MapKey, static (w, offset) => w.WriteNumber(offset), JavaMapShape.ConcurrentHashMap);
        writer.WriteEndObject();

        await _writing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
            var temporary = _path + ".tmp";
            await File.WriteAllBytesAsync(temporary, buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
            File.Move(temporary, _path, overwrite: true);
        }
        finally
        {
            _writing.Release();
        }
    }

    public Task PersistAsync(MessageQueue queue, CancellationToken cancellationToken) =>
        PersistAllAsync(_table.Entries.Select(e => e.Key).ToList(), final: false, cancellationToken);

    public void Remove(MessageQueue queue)
    {
        // Broadcasting members keep every queue; a removed queue's offset stays in the file for when it comes back.
    }
}
