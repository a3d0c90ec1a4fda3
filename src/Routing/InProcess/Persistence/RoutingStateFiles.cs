using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using EventBroker.Protocol.Bodies;
using Microsoft.Extensions.Logging;

namespace EventBroker.Routing.InProcess.Persistence;

/// <summary>The four state files under the data directory, with RocketMQ's names, and their (de)serialisation.</summary>
internal sealed class RoutingStateFiles
{
    private readonly RoutingTables _tables;

    private readonly string _firstBroker;

    public RoutingStateFiles(string directory, RoutingTables tables, string firstBroker)
    {
        _firstBroker = firstBroker;
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
        // Each file is converted to model objects inside Load, so a file that parses as JSON but holds a bad entry
        // counts as corrupt too and falls back to its backup. Nothing reaches the tables until all four are read.
        var topics = Topics.Load(b =>
        {
            var document = Parse(b, RoutingJsonContext.Default.TopicsDocument);
            return new LoadedConfigs<TopicConfig>(document.ToConfigs(), DataVersionDocument.ToStamp(document.DataVersion));
        }, logger);
        var groups = Groups.Load(b =>
        {
            var document = Parse(b, RoutingJsonContext.Default.SubscriptionGroupsDocument);
            return new LoadedConfigs<SubscriptionGroupConfig>(document.ToConfigs(), DataVersionDocument.ToStamp(document.DataVersion));
        }, logger);
        var offsets = Offsets.Load(b => Parse(b, RoutingJsonContext.Default.ConsumerOffsetsDocument).ToOffsets(_firstBroker), logger) ?? [];
        var kv = Kv.Load(b => Parse(b, RoutingJsonContext.Default.KvConfigDocument).ToValues(), logger) ?? [];

        _tables.Topics.Load(topics?.Items ?? [], topics?.Version ?? default);
        _tables.Groups.Load(groups?.Items ?? [], groups?.Version ?? default);
        _tables.Offsets.Load(offsets);
        _tables.Kv.Load(kv);
        InProcessRoutingLog.Loaded(logger, Directory, topics?.Items.Count ?? 0, groups?.Items.Count ?? 0, offsets.Count, kv.Count);
    }

    public void WriteTopics(DataVersionStamp version)
        => Topics.Write(JsonSerializer.SerializeToUtf8Bytes(TopicsDocument.From(_tables.Topics.Snapshot(), version), RoutingJsonContext.Default.TopicsDocument));

    public void WriteGroups(DataVersionStamp version)
        => Groups.Write(JsonSerializer.SerializeToUtf8Bytes(SubscriptionGroupsDocument.From(_tables.Groups.Snapshot(), version), RoutingJsonContext.Default.SubscriptionGroupsDocument));

    public void WriteOffsets()
        => Offsets.Write(JsonSerializer.SerializeToUtf8Bytes(ConsumerOffsetsDocument.From(_tables.Offsets.Snapshot()), RoutingJsonContext.Default.ConsumerOffsetsDocument));

    public void WriteKv()
        => Kv.Write(JsonSerializer.SerializeToUtf8Bytes(KvConfigDocument.From(_tables.Kv.Snapshot()), RoutingJsonContext.Default.KvConfigDocument));

    private static T Parse<T>(byte[] content, JsonTypeInfo<T> type)
        => JsonSerializer.Deserialize(content, type) ?? throw new InvalidDataException("the file holds null");

    private sealed record LoadedConfigs<T>(IReadOnlyList<T> Items, DataVersionStamp Version);
}
