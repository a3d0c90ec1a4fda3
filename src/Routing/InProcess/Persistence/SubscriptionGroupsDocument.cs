using EventBroker.Protocol.Bodies;

namespace EventBroker.Routing.InProcess.Persistence;

/// <summary>subscriptionGroup.json: RocketMQ's SubscriptionGroupWrapper.</summary>
internal sealed class SubscriptionGroupsDocument
{
    public SortedDictionary<string, SubscriptionGroupDocument>? SubscriptionGroupTable { get; set; }
    public DataVersionDocument? DataVersion { get; set; }

    public static SubscriptionGroupsDocument From(IEnumerable<SubscriptionGroupConfig> groups, DataVersionStamp version) => new()
    {
        SubscriptionGroupTable = new(groups.ToDictionary(g => g.GroupName, SubscriptionGroupDocument.From), StringComparer.Ordinal),
        DataVersion = DataVersionDocument.From(version),
    };

    public IReadOnlyList<SubscriptionGroupConfig> ToConfigs()
        => (SubscriptionGroupTable ?? []).Select(pair => (pair.Value ?? throw new InvalidDataException($"group '{pair.Key}' has no config")).ToConfig(pair.Key)).ToList();
}

internal sealed class SubscriptionGroupDocument
{
    private static readonly SubscriptionGroupConfig Defaults = new();

    public string GroupName { get; set; } = "";
    public bool ConsumeEnable { get; set; } = Defaults.ConsumeEnable;
    public bool ConsumeFromMinEnable { get; set; } = Defaults.ConsumeFromMinEnable;
    public bool ConsumeBroadcastEnable { get; set; } = Defaults.ConsumeBroadcastEnable;
    public int RetryQueueNums { get; set; } = Defaults.RetryQueueNums;
    public int RetryMaxTimes { get; set; } = Defaults.RetryMaxTimes;
    public long BrokerId { get; set; } = Defaults.BrokerId;
    public long WhichBrokerWhenConsumeSlowly { get; set; } = Defaults.WhichBrokerWhenConsumeSlowly;
    public bool NotifyConsumerIdsChangedEnable { get; set; } = Defaults.NotifyConsumerIdsChangedEnable;

    public static SubscriptionGroupDocument From(SubscriptionGroupConfig c) => new()
    {
        GroupName = c.GroupName,
        ConsumeEnable = c.ConsumeEnable,
        ConsumeFromMinEnable = c.ConsumeFromMinEnable,
        ConsumeBroadcastEnable = c.ConsumeBroadcastEnable,
        RetryQueueNums = c.RetryQueueNums,
        RetryMaxTimes = c.RetryMaxTimes,
        BrokerId = c.BrokerId,
        WhichBrokerWhenConsumeSlowly = c.WhichBrokerWhenConsumeSlowly,
        NotifyConsumerIdsChangedEnable = c.NotifyConsumerIdsChangedEnable,
    };

    public SubscriptionGroupConfig ToConfig(string name) => new()
    {
        GroupName = name.Length > 0 ? name : throw new InvalidDataException("a group has an empty name"),
        ConsumeEnable = ConsumeEnable,
        ConsumeFromMinEnable = ConsumeFromMinEnable,
        ConsumeBroadcastEnable = ConsumeBroadcastEnable,
        RetryQueueNums = RetryQueueNums,
        RetryMaxTimes = RetryMaxTimes,
        BrokerId = BrokerId,
        WhichBrokerWhenConsumeSlowly = WhichBrokerWhenConsumeSlowly,
        NotifyConsumerIdsChangedEnable = NotifyConsumerIdsChangedEnable,
    };
}
