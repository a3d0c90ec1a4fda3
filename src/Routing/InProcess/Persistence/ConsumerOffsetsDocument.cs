using System.Text.Json.Serialization;

namespace EventBroker.Routing.InProcess.Persistence;

/// <summary>
/// consumerOffset.json: RocketMQ's ConsumerOffsetManager table ({"topic@group":{"0":12}}) once per logical broker,
/// as each Java broker keeps its own file: {"brokerOffsetTable":{"broker-a":{"topic@group":{"0":12}}}}.
/// A file of an older version has the single table under "offsetTable"; it is read as the first broker's.
/// </summary>
internal sealed class ConsumerOffsetsDocument
{
    // RocketMQ's separator; topic names cannot contain it (^[%|a-zA-Z0-9_-]+$), so the first '@' splits.
    private const char Separator = '@';

    /// <summary>Only read: the single table of a file written before offsets were kept per logical broker.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public SortedDictionary<string, SortedDictionary<int, long>>? OffsetTable { get; set; }

    /// <summary>Logical broker → RocketMQ's offset table of that broker.</summary>
    public SortedDictionary<string, SortedDictionary<string, SortedDictionary<int, long>>>? BrokerOffsetTable { get; set; }

    public static ConsumerOffsetsDocument From(IEnumerable<KeyValuePair<OffsetKey, long>> offsets)
    {
        var brokers = new SortedDictionary<string, SortedDictionary<string, SortedDictionary<int, long>>>(StringComparer.Ordinal);
        foreach (var (key, offset) in offsets)
        {
            if (!brokers.TryGetValue(key.Broker, out var table))
                brokers[key.Broker] = table = new SortedDictionary<string, SortedDictionary<int, long>>(StringComparer.Ordinal);
            var name = key.Topic + Separator + key.Group;
            if (!table.TryGetValue(name, out var queues))
                table[name] = queues = [];
            queues[key.QueueId] = offset;
        }
        return new ConsumerOffsetsDocument { BrokerOffsetTable = brokers };
    }

    /// <summary>The offsets the file holds; those of the older single table belong to <paramref name="firstBroker"/> unless its own table has the queue.</summary>
    public IReadOnlyList<KeyValuePair<OffsetKey, long>> ToOffsets(string firstBroker)
    {
        var offsets = new Dictionary<OffsetKey, long>();
        AddTable(offsets, firstBroker, OffsetTable);
        foreach (var (broker, table) in BrokerOffsetTable ?? [])
        {
            if (string.IsNullOrEmpty(broker))
                throw new InvalidDataException("brokerOffsetTable has an empty broker name");
            AddTable(offsets, broker, table);
        }
        return offsets.ToList();
    }

    private static void AddTable(Dictionary<OffsetKey, long> offsets, string broker, SortedDictionary<string, SortedDictionary<int, long>>? table)
    {
        foreach (var (name, queues) in table ?? [])
        {
            var at = name.IndexOf(Separator);
            if (at <= 0 || at == name.Length - 1)
                throw new InvalidDataException($"offset key '{name}' is not topic@group");
            foreach (var (queueId, offset) in queues ?? [])
                offsets[new OffsetKey(broker, name[(at + 1)..], name[..at], queueId)] = offset;
        }
    }
}
