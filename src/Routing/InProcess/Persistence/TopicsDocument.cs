using EventBroker.Protocol.Bodies;

namespace EventBroker.Routing.InProcess.Persistence;

/// <summary>topics.json: RocketMQ's TopicConfigSerializeWrapper. Its own type so the file format does not follow model changes by accident.</summary>
internal sealed class TopicsDocument
{
    public SortedDictionary<string, TopicConfigDocument>? TopicConfigTable { get; set; }
    public DataVersionDocument? DataVersion { get; set; }

    public static TopicsDocument From(IEnumerable<TopicConfig> topics, DataVersionStamp version) => new()
    {
        TopicConfigTable = new(topics.ToDictionary(t => t.TopicName, TopicConfigDocument.From), StringComparer.Ordinal),
        DataVersion = DataVersionDocument.From(version),
    };

    public IReadOnlyList<TopicConfig> ToConfigs()
        => (TopicConfigTable ?? []).Select(pair => (pair.Value ?? throw new InvalidDataException($"topic '{pair.Key}' has no config")).ToConfig(pair.Key)).ToList();
}

internal sealed class TopicConfigDocument
{
    // Missing fields take the model's defaults, as fastjson leaves Java field initialisers in place.
    private static readonly TopicConfig Defaults = new();

    public string TopicName { get; set; } = "";
    public int ReadQueueNums { get; set; } = Defaults.ReadQueueNums;
    public int WriteQueueNums { get; set; } = Defaults.WriteQueueNums;
    public int Perm { get; set; } = Defaults.Perm;
    public TopicFilterType TopicFilterType { get; set; } = Defaults.TopicFilterType;
    public int TopicSysFlag { get; set; } = Defaults.TopicSysFlag;
    public bool Order { get; set; } = Defaults.Order;

    public static TopicConfigDocument From(TopicConfig c) => new()
    {
        TopicName = c.TopicName,
        ReadQueueNums = c.ReadQueueNums,
        WriteQueueNums = c.WriteQueueNums,
        Perm = c.Perm,
        TopicFilterType = c.TopicFilterType,
        TopicSysFlag = c.TopicSysFlag,
        Order = c.Order,
    };

    /// <summary>The table key is the name, as in RocketMQ; the field inside is informative.</summary>
    public TopicConfig ToConfig(string name) => new()
    {
        TopicName = name.Length > 0 ? name : throw new InvalidDataException("a topic has an empty name"),
        ReadQueueNums = ReadQueueNums,
        WriteQueueNums = WriteQueueNums,
        Perm = Perm,
        TopicFilterType = TopicFilterType,
        TopicSysFlag = TopicSysFlag,
        Order = Order,
    };
}

internal sealed class DataVersionDocument
{
    public long Timestamp { get; set; }
    public long Counter { get; set; }

    public static DataVersionDocument From(DataVersionStamp version) => new() { Timestamp = version.Timestamp, Counter = version.Counter };

    public static DataVersionStamp ToStamp(DataVersionDocument? document)
        => document is null ? default : new DataVersionStamp(document.Counter, document.Timestamp);
}
