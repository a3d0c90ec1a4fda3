namespace EventBroker.Routing.InProcess.Persistence;

/// <summary>consumerOffset.json: RocketMQ's ConsumerOffsetManager, {"offsetTable":{"topic@group":{"0":12}}}.</summary>
internal sealed class ConsumerOffsetsDocument
{
    // RocketMQ's separator; topic names cannot contain it (^[%|a-zA-Z0-9_-]+$), so the first '@' splits.
    private const char Separator = '@';

    public SortedDictionary<string, SortedDictionary<int, long>>? OffsetTable { get; set; }

    public static ConsumerOffsetsDocument From(IEnumerable<KeyValuePair<OffsetKey, long>> offsets)
    {
        var table = new SortedDictionary<string, SortedDictionary<int, long>>(StringComparer.Ordinal);
        foreach (var (key, offset) in offsets)
        {
            var name = key.Topic + Separator + key.Group;
            if (!table.TryGetValue(name, out var queues))
                table[name] = queues = [];
            queues[key.QueueId] = offset;
        }
        return new ConsumerOffsetsDocument { OffsetTable = table };
    }

    public IReadOnlyList<KeyValuePair<OffsetKey, long>> ToOffsets()
    {
        var offsets = new List<KeyValuePair<OffsetKey, long>>();
        foreach (var (name, queues) in OffsetTable ?? [])
        {
            var at = name.IndexOf(Separator);
            if (at <= 0 || at == name.Length - 1)
                throw new InvalidDataException($"offset key '{name}' is not topic@group");
            foreach (var (queueId, offset) in queues ?? [])
                offsets.Add(KeyValuePair.Create(new OffsetKey(name[(at + 1)..], name[..at], queueId), offset));
        }
        return offsets;
    }
}
