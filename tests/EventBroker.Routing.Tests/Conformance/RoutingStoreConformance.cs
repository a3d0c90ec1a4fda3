using EventBroker.Protocol;
using EventBroker.Protocol.Bodies;
using EventBroker.Routing.Tests.Support;

namespace EventBroker.Routing.Tests.Conformance;

/// <summary>
/// The IRoutingStore contract, written once and run against every implementation: subclass it and create the store.
/// Every time-based rule (client expiry, gateway TTL, lock and lease expiry) is judged by the <see cref="ManualTimeProvider"/>
/// handed to <see cref="CreateStoreAsync"/>, so the store must take its clock from there. Names carry a per-test
/// suffix and listings are filtered by it, so a store backed by a shared server can run the suite without cleanup.
/// Clients expire after 120 s, RocketMQ's default, which the store under test must be configured with.
/// </summary>
public abstract partial class RoutingStoreConformance : IAsyncLifetime
{
    protected static readonly TimeSpan ClientExpiry = TimeSpan.FromSeconds(120);

    private readonly string _suffix = Guid.NewGuid().ToString("N")[..12];

    protected ManualTimeProvider Time { get; } = new();

    protected IRoutingStore Store { get; private set; } = null!;

    protected abstract Task<IRoutingStore> CreateStoreAsync(ManualTimeProvider time);

    /// <summary>True when the implementation can reopen its durable state; enables the durability tests.</summary>
    protected virtual bool SupportsReopen => false;

    /// <summary>Opens a new store over the durable state of the one just disposed.</summary>
    protected virtual Task<IRoutingStore> ReopenStoreAsync(ManualTimeProvider time)
        => throw new NotSupportedException("Override SupportsReopen and ReopenStoreAsync together.");

    public async Task InitializeAsync() => Store = await CreateStoreAsync(Time);

    public virtual async Task DisposeAsync() => await Store.DisposeAsync();

    /// <summary>A name unique to this test.</summary>
    protected string Name(string prefix) => $"{prefix}-{_suffix}";

    protected bool IsMine(string name) => name.EndsWith(_suffix, StringComparison.Ordinal);

    protected async Task ReopenAsync()
    {
        await Store.DisposeAsync();
        Store = await ReopenStoreAsync(Time);
    }

    protected static ClientRegistration Client(string clientId, string gatewayId = "gw-1")
        => new(clientId, "10.0.0.7:51234", LanguageCode.JAVA, 401, gatewayId);

    protected static ConsumerData Consumer(string group, params string[] topics) => new()
    {
        GroupName = group,
        ConsumeType = ConsumeType.CONSUME_PASSIVELY,
        MessageModel = MessageModel.CLUSTERING,
        ConsumeFromWhere = ConsumeFromWhere.CONSUME_FROM_LAST_OFFSET,
        SubscriptionDataSet = topics.Select(topic => new SubscriptionData
        {
            Topic = topic,
            SubString = "TagA || TagB",
            TagsSet = ["TagA", "TagB"],
            CodeSet = ["TagA".GetHashCode(), "TagB".GetHashCode()],
            SubVersion = 1_700_000_000_000,
            ExpressionType = "TAG",
        }).ToList(),
    };

    protected static object Fields(TopicConfig t)
        => (t.TopicName, t.ReadQueueNums, t.WriteQueueNums, t.Perm, t.TopicFilterType, t.TopicSysFlag, t.Order);

    protected static object Fields(SubscriptionGroupConfig g)
        => (g.GroupName, g.ConsumeEnable, g.ConsumeFromMinEnable, g.ConsumeBroadcastEnable, g.RetryQueueNums, g.RetryMaxTimes,
            g.BrokerId, g.WhichBrokerWhenConsumeSlowly, g.NotifyConsumerIdsChangedEnable);

    protected static object Fields(SubscriptionData s)
        => (s.Topic, s.SubString, string.Join(",", s.TagsSet.Order()), string.Join(",", s.CodeSet.Order()), s.SubVersion, s.ExpressionType, s.ClassFilterMode);
}
