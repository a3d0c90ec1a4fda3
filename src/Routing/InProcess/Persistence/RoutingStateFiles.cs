using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;

namespace EventBroker.Routing.InProcess.Persistence;

/// <summary>The four state files under the data directory, with RocketMQ's names, and their (de)serialisation.</summary>
internal sealed class RoutingStateFiles
{
    private readonly RoutingTables _tables;

    public RoutingStateFiles(string directory, RoutingTables tables)
    {
        Directory = directory;
        _tables = tables;
        Topics = new StateFile(directory, "topics.json", "topic configs");
        Groups = new StateFile(directory, "subscriptionGroup.json", "subscription group configs");
        Offsets = new StateFile(directory, "consumerOffset.json", "consumer offsets");
        Kv = new StateFile(directory, "kvConfig.json", "name-server KV config");
    }

    public string Directory { get; }
    public StateFile Topics { get; }
    public StateFile Groups { get; }
    public StateFile Offsets { get; }
    public StateFile Kv { get; }

    /// <summary>Fills the empty tables from the files; throws InvalidDataException naming a file that cannot be recovered.</summary>
    public void Load(ILogger logger)
    {
        var topics = Topics.Load(b => Parse(b, RoutingJsonContext.Default.TopicsDocument), logger);
        var groups = Groups.Load(b => Parse(b, RoutingJsonContext.Default.SubscriptionGroupsDocument), logger);
        var offsets = Offsets.Load(b => Parse(b, RoutingJsonContext.Default.ConsumerOffsetsDocument), logger);
        var kv = Kv.Load(b => Parse(b, RoutingJsonContext.Default.KvConfigDocument), logger);

        // Converted before anything is loaded, so a bad entry in any file is reported before the tables change.
        var topicConfigs = topics?.ToConfigs() ?? [];
        var groupConfigs = groups?.ToConfigs() ?? [];
        var offsetValues = offsets?.ToOffsets() ?? [];
        var kvValues = kv?.ToValues() ?? [];

        _tables.Topics.Load(topicConfigs, DataVersionDocument.ToStamp(topics?.DataVersion));
        _tables.Groups.Load(groupConfigs, DataVersionDocument.ToStamp(groups?.DataVersion));
        _tables.Offsets.Load(offsetValues);
        _tables.Kv.Load(kvValues);
        InProcessRoutingLog.Loaded(logger, Directory, topicConfigs.Count, groupConfigs.Count, offsetValues.Count, kvValues.Count);
    }

    private static T Parse<T>(byte[] content, JsonTypeInfo<T> type)
        => JsonSerializer.Deserialize(content, type) ?? throw new InvalidDataException("the file holds null");

    public void WriteTopics(DataVersionStamp version)
        => Topics.Write(JsonSerializer.SerializeToUtf8Bytes(TopicsDocument.From(_tables.Topics.Snapshot(), version), RoutingJsonContext.Default.TopicsDocument));

    public void WriteGroups(DataVersionStamp version)
        => Groups.Write(JsonSerializer.SerializeToUtf8Bytes(SubscriptionGroupsDocument.From(_tables.Groups.Snapshot(), version), RoutingJsonContext.Default.SubscriptionGroupsDocument));

    public void WriteOffsets()
        => Offsets.Write(JsonSerializer.SerializeToUtf8Bytes(ConsumerOffsetsDocument.From(_tables.Offsets.Snapshot()), RoutingJsonContext.Default.ConsumerOffsetsDocument));

    public void WriteKv()
        => Kv.Write(JsonSerializer.SerializeToUtf8Bytes(KvConfigDocument.From(_tables.Kv.Snapshot()), RoutingJsonContext.Default.KvConfigDocument));
}
