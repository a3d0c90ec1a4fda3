using EventBroker.Protocol.Bodies;

namespace EventBroker.Client.Internal.Consuming;

/// <summary>Subscriptions as the protocol carries them (FilterAPI.build): tags with their hash codes, or an SQL92 expression.</summary>
internal static class Subscriptions
{
    public static SubscriptionData Build(string topic, MessageSelector selector, long subVersion) => selector.Type switch
    {
        ExpressionType.Sql92 => new SubscriptionData
        {
            Topic = topic,
            SubString = selector.Expression,
            ExpressionType = SubscriptionData.ExpressionTypeSql92,
            SubVersion = subVersion,
        },
        _ => SubscriptionData.ForTags(topic, selector.Expression, subVersion),
    };

    /// <summary>The filter the client applies again to pulled messages: TAG subscriptions that name tags.</summary>
    public static SubscriptionData? ClientFilter(SubscriptionData subscription) =>
        subscription.ExpressionType == SubscriptionData.ExpressionTypeSql92 || subscription.TagsSet.Count == 0 ? null : subscription;

    public static Protocol.Bodies.ConsumeFromWhere ToWire(ConsumeFromWhere where) => where switch
    {
        ConsumeFromWhere.FirstOffset => Protocol.Bodies.ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET,
        ConsumeFromWhere.Timestamp => Protocol.Bodies.ConsumeFromWhere.CONSUME_FROM_TIMESTAMP,
        _ => Protocol.Bodies.ConsumeFromWhere.CONSUME_FROM_LAST_OFFSET,
    };

    public static Protocol.Bodies.MessageModel ToWire(MessageModel model) =>
        model == MessageModel.Broadcasting ? Protocol.Bodies.MessageModel.BROADCASTING : Protocol.Bodies.MessageModel.CLUSTERING;
}
